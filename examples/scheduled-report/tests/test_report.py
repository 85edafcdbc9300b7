"""Unit tests of the report's logic (no AWS needed):
python3 -m unittest discover -s examples/scheduled-report/tests -t examples/scheduled-report/tests"""

import datetime
import pathlib
import sys
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "functions" / "report"))

import app  # noqa: E402


class Report(unittest.TestCase):
    def test_reports_yesterday_unless_a_day_is_asked_for(self):
        today = datetime.date(2026, 11, 29)
        self.assertEqual(app.report_day({}, today), datetime.date(2026, 11, 28))
        self.assertEqual(app.report_day({"queryStringParameters": {"day": "2026-01-02"}}, today), datetime.date(2026, 1, 2))

    def test_renders_orders_sorted_with_the_total(self):
        text = app.render(datetime.date(2026, 11, 28), [{"orderId": "b", "totalCents": 5}, {"orderId": "a", "totalCents": 7}])
        self.assertEqual(text.splitlines(), ["orderId,totalCents", "a,7", "b,5", "total 2026-11-28,12"])


if __name__ == "__main__":
    unittest.main()
