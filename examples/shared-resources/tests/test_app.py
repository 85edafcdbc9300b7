"""Unit tests of the export's logic (no AWS needed): python3 -m unittest discover examples/shared-resources/tests"""

import datetime
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "functions" / "export"))

import app  # noqa: E402

SETTINGS = {"endpoint": "https://partner.example/orders", "currency": "EUR"}


class Yesterday(unittest.TestCase):
    def test_crosses_month_and_year_boundaries(self):
        self.assertEqual(app.yesterday(datetime.date(2026, 3, 1)), "2026-02-28")
        self.assertEqual(app.yesterday(datetime.date(2027, 1, 1)), "2026-12-31")


class Payload(unittest.TestCase):
    def test_lists_orders_by_id_with_the_total(self):
        body = app.payload([{"orderId": "b", "totalCents": 250}, {"orderId": "a", "totalCents": 100}], SETTINGS)
        self.assertEqual([line["id"] for line in body["orders"]], ["a", "b"])
        self.assertEqual((body["count"], body["total"]), (2, 350))
        self.assertEqual(body["orders"][0]["currency"], "EUR")

    def test_an_empty_day_sends_nothing(self):
        self.assertEqual(app.payload([], SETTINGS), {"orders": [], "count": 0, "total": 0})

    def test_rejects_an_order_without_a_valid_total(self):
        for order in [{"orderId": "x"}, {"orderId": "x", "totalCents": -1}, {"orderId": "x", "totalCents": "3"}]:
            with self.assertRaises(ValueError, msg=str(order)):
                app.payload([order], SETTINGS)


class DryRun(unittest.TestCase):
    def test_reads_the_flag_under_the_path(self):
        flag = {"Name": "/shared-resources/flags/dry-run", "Value": "True "}
        self.assertTrue(app.is_dry_run([flag]))
        self.assertFalse(app.is_dry_run([{**flag, "Value": "false"}]))

    def test_without_the_flag_it_sends(self):
        self.assertFalse(app.is_dry_run([]))
        self.assertFalse(app.is_dry_run([{"Name": "/other/dry-run", "Value": "true"}]))


if __name__ == "__main__":
    unittest.main()
