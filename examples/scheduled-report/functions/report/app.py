"""Totals a day's orders into a CSV report (invoked by a schedule or through its URL)."""

import csv
import datetime
import io
import json
import logging
import os

logger = logging.getLogger()


def report_day(event, today):
    """The day to report on: `?day=YYYY-MM-DD` on the URL, else yesterday."""
    day = (event.get("queryStringParameters") or {}).get("day")
    if day:
        return datetime.date.fromisoformat(day)
    return today - datetime.timedelta(days=1)


def render(day, orders):
    """The report: one line per order and the day's total, as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["orderId", "totalCents"])
    total = 0
    for order in sorted(orders, key=lambda o: o["orderId"]):
        writer.writerow([order["orderId"], int(order["totalCents"])])
        total += int(order["totalCents"])
    writer.writerow([f"total {day.isoformat()}", total])
    return out.getvalue()


def handler(event, _context):
    import boto3  # available in the Lambda runtime
    from boto3.dynamodb.conditions import Key

    day = report_day(event, datetime.date.today())
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    orders = table.query(KeyConditionExpression=Key("day").eq(day.isoformat()))["Items"]
    key = f"reports/{day.isoformat()}.csv"
    boto3.client("s3").put_object(Bucket=os.environ["REPORT_BUCKET"], Key=key, Body=render(day, orders).encode())
    logger.info(json.dumps({"report": key, "orders": len(orders)}))
    return {"statusCode": 200, "body": json.dumps({"report": key})}
