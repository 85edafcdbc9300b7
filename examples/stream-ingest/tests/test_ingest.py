"""Unit tests of the stream functions' logic (no AWS needed):
python3 -m unittest discover -s examples/stream-ingest/tests -t examples/stream-ingest/tests"""

import base64
import importlib.util
import json
import pathlib
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent / "functions"


def load(name):
    spec = importlib.util.spec_from_file_location(f"{name}_app", ROOT / name / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ingest = load("ingest")
aggregate = load("aggregate")


def kinesis(seq, click):
    data = base64.b64encode(json.dumps(click).encode()).decode() if isinstance(click, dict) else click
    return {"kinesis": {"sequenceNumber": seq, "data": data}}


CLICK = {"sessionId": "s-1", "page": "/home", "at": "2026-11-29T10:00:00Z"}


class Ingest(unittest.TestCase):
    def test_stores_every_good_record(self):
        stored = []
        self.assertEqual(ingest.process([kinesis("1", CLICK), kinesis("2", CLICK)], stored.append), [])
        self.assertEqual(stored[0], {"sessionId": "s-1", "sequence": "2026-11-29T10:00:00Z", "page": "/home"})

    def test_reports_the_first_failure_and_stops(self):
        stored = []
        failures = ingest.process([kinesis("1", CLICK), kinesis("2", "!!"), kinesis("3", CLICK)], stored.append)
        self.assertEqual(failures, [{"itemIdentifier": "2"}])
        self.assertEqual(len(stored), 1)

    def test_rejects_clicks_without_required_fields(self):
        with self.assertRaises(ingest.BadClick):
            ingest.parse_click(base64.b64encode(b'{"page": "/"}'))


class Aggregate(unittest.TestCase):
    def test_counts_per_page_on_top_of_the_window_state(self):
        records = [{"dynamodb": {"NewImage": {"page": {"S": p}}}} for p in ["/a", "/b", "/a"]]
        self.assertEqual(aggregate.count(records, {"/a": 1}), {"/a": 3, "/b": 1})


if __name__ == "__main__":
    unittest.main()
