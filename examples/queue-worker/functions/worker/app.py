"""Stores orders from SQS in DynamoDB, reporting only the messages that failed."""

import json
import os

REQUIRED_FIELDS = ("orderId", "customerId", "items")


class InvalidOrder(ValueError):
    """A message that can never be stored: retrying it will not help."""


def parse_order(body):
    """The order in one message body, as a DynamoDB item."""
    try:
        order = json.loads(body)
    except json.JSONDecodeError as e:
        raise InvalidOrder(f"body is not JSON: {e}") from e
    if not isinstance(order, dict):
        raise InvalidOrder("body is not a JSON object")
    missing = [f for f in REQUIRED_FIELDS if f not in order]
    if missing:
        raise InvalidOrder(f"missing fields: {', '.join(missing)}")
    items = order["items"]
    if not isinstance(items, list) or not items:
        raise InvalidOrder("items must be a non-empty list")
    total = 0
    for item in items:
        quantity, price = item.get("quantity"), item.get("priceCents")
        if not isinstance(quantity, int) or quantity < 1:
            raise InvalidOrder(f"bad quantity in {item}")
        if not isinstance(price, int) or price < 0:
            raise InvalidOrder(f"bad priceCents in {item}")
        total += quantity * price
    return {
        "orderId": str(order["orderId"]),
        "customerId": str(order["customerId"]),
        "items": items,
        "totalCents": total,
    }


def process_batch(records, put_item):
    """Stores every record's order with put_item; returns the failed message ids."""
    failures = []
    for record in records:
        try:
            put_item(parse_order(record["body"]))
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the batch
            print(json.dumps({"messageId": record.get("messageId"), "error": str(e)}))
            failures.append({"itemIdentifier": record["messageId"]})
    return failures


def handler(event, _context):
    """SQS entry point (ReportBatchItemFailures is on for this source)."""
    import boto3  # available in the Lambda runtime

    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    failures = process_batch(event.get("Records", []), lambda item: table.put_item(Item=item))
    return {"batchItemFailures": failures}
