"""Unit tests of the orders business logic and its controller (no AWS needed):
python3 -m unittest discover -s examples/orders-api/tests -t examples/orders-api/tests"""

import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "functions" / "orders"))

import controller  # noqa: E402
import orders  # noqa: E402


class MemoryOrders:
    def __init__(self):
        self.items = {}

    def put(self, order):
        self.items[(order["customerId"], order["orderId"])] = order

    def get(self, customer_id, order_id):
        return self.items.get((customer_id, order_id))

    def list_for(self, customer_id):
        return [o for (c, _), o in self.items.items() if c == customer_id]


def service():
    ids = iter(["o-2", "o-1", "o-3"])
    return orders.OrderService(MemoryOrders(), new_id=lambda: next(ids))


LINE = {"sku": "tea", "quantity": 3, "priceCents": 250}


class PlaceOrder(unittest.TestCase):
    def test_prices_the_order_and_stores_it(self):
        s = service()
        order = s.place("c-1", [LINE, {"sku": "cup", "quantity": 1, "priceCents": 900}])
        self.assertEqual(order["totalCents"], 1650)
        self.assertEqual(s.get("c-1", order["orderId"]), order)

    def test_rejects_empty_or_malformed_orders(self):
        s = service()
        for items in [None, [], [{"sku": "tea", "quantity": 0, "priceCents": 1}],
                      [{"sku": "", "quantity": 1, "priceCents": 1}],
                      [{"sku": "tea", "quantity": 1, "priceCents": -5}],
                      [LINE] * (orders.MAX_LINES + 1)]:
            with self.assertRaises(orders.InvalidOrder, msg=items):
                s.place("c-1", items)

    def test_needs_a_customer(self):
        with self.assertRaises(orders.InvalidOrder):
            service().place("", [LINE])


class ReadOrders(unittest.TestCase):
    def test_a_customer_sees_only_their_orders_sorted(self):
        s = service()
        s.place("c-1", [LINE])
        s.place("c-1", [LINE])
        s.place("c-2", [LINE])
        self.assertEqual([o["orderId"] for o in s.list("c-1")], ["o-1", "o-2"])
        with self.assertRaises(orders.OrderNotFound):
            s.get("c-2", "o-1")


class Controller(unittest.TestCase):
    def test_maps_outcomes_to_statuses(self):
        s = service()
        status, body = controller.dispatch(s, "POST", controller.ORDERS, {"customerId": "c-1"}, {"items": [LINE]})
        self.assertEqual((status, body["totalCents"]), (201, 750))
        params = {"customerId": "c-1", "orderId": body["orderId"]}
        self.assertEqual(controller.dispatch(s, "GET", controller.ORDER, params, None)[0], 200)
        self.assertEqual(controller.dispatch(s, "GET", controller.ORDER, {**params, "orderId": "nope"}, None)[0], 404)
        self.assertEqual(controller.dispatch(s, "POST", controller.ORDERS, {"customerId": "c-1"}, {"items": []})[0], 400)
        self.assertEqual(controller.dispatch(s, "POST", controller.ORDERS, {"customerId": "c-1"}, [1])[0], 400)


if __name__ == "__main__":
    unittest.main()
