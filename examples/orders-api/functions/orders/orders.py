"""The business rules of orders: what a valid order is, what it costs, who may read it.
Storage is passed in, so the rules are tested without AWS."""

import uuid

MAX_LINES = 50
MAX_QUANTITY = 100


class InvalidOrder(ValueError):
    """The request describes no order that can be placed."""


class OrderNotFound(LookupError):
    """No such order for this customer."""


def priced_lines(items):
    """The order lines, checked, with the total in cents."""
    if not isinstance(items, list) or not items:
        raise InvalidOrder("an order needs at least one item")
    if len(items) > MAX_LINES:
        raise InvalidOrder(f"an order has at most {MAX_LINES} lines")
    lines, total = [], 0
    for item in items:
        sku, quantity, price = item.get("sku"), item.get("quantity"), item.get("priceCents")
        if not isinstance(sku, str) or not sku:
            raise InvalidOrder("every item needs a sku")
        if not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            raise InvalidOrder(f"quantity of {sku} must be 1 to {MAX_QUANTITY}")
        if not isinstance(price, int) or price < 0:
            raise InvalidOrder(f"priceCents of {sku} must be a whole number of cents")
        lines.append({"sku": sku, "quantity": quantity, "priceCents": price})
        total += quantity * price
    return lines, total


class OrderService:
    """Places and reads orders, stored through `repository` (put, get, list_for)."""

    def __init__(self, repository, new_id=lambda: uuid.uuid4().hex):
        self.repository = repository
        self.new_id = new_id

    def place(self, customer_id, items):
        if not customer_id:
            raise InvalidOrder("the customer is missing")
        lines, total = priced_lines(items)
        order = {"customerId": customer_id, "orderId": self.new_id(), "items": lines, "totalCents": total}
        self.repository.put(order)
        return order

    def get(self, customer_id, order_id):
        order = self.repository.get(customer_id, order_id)
        if order is None:
            raise OrderNotFound(f"customer {customer_id} has no order {order_id}")
        return order

    def list(self, customer_id):
        return sorted(self.repository.list_for(customer_id), key=lambda o: o["orderId"])
