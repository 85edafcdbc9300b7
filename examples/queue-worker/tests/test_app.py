"""Unit tests of the worker's logic (no AWS needed): python3 -m unittest discover examples/queue-worker/tests"""

import json
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "functions" / "worker"))

import app  # noqa: E402


def record(message_id, body):
    return {"messageId": message_id, "body": body if isinstance(body, str) else json.dumps(body)}


GOOD = {"orderId": "o-1", "customerId": "c-9", "items": [{"sku": "a", "quantity": 2, "priceCents": 150}]}


class ParseOrder(unittest.TestCase):
    def test_computes_the_total(self):
        item = app.parse_order(json.dumps(GOOD))
        self.assertEqual(item["totalCents"], 300)
        self.assertEqual(item["orderId"], "o-1")

    def test_rejects_missing_fields_and_bad_items(self):
        for body in ["not json", "[1]", json.dumps({"orderId": "x"}),
                     json.dumps({**GOOD, "items": []}),
                     json.dumps({**GOOD, "items": [{"quantity": 0, "priceCents": 1}]})]:
            with self.assertRaises(app.InvalidOrder, msg=body):
                app.parse_order(body)


class ProcessBatch(unittest.TestCase):
    def test_reports_only_failed_messages(self):
        stored = []
        failures = app.process_batch([record("m1", GOOD), record("m2", "oops"), record("m3", GOOD)], stored.append)
        self.assertEqual(failures, [{"itemIdentifier": "m2"}])
        self.assertEqual(len(stored), 2)

    def test_a_store_error_fails_that_message(self):
        def put(_item):
            raise RuntimeError("throttled")

        self.assertEqual(app.process_batch([record("m1", GOOD)], put), [{"itemIdentifier": "m1"}])


if __name__ == "__main__":
    unittest.main()
