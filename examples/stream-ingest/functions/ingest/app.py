"""Stores click events from a Kinesis stream, reporting the first record that failed."""

import base64
import json
import os

REQUIRED = ("sessionId", "page", "at")


class BadClick(ValueError):
    """A record that can never be stored."""


def parse_click(data):
    """A click event (base64 JSON from Kinesis) as a SessionEvents item."""
    try:
        click = json.loads(base64.b64decode(data))
    except (ValueError, TypeError) as e:
        raise BadClick(f"not base64 JSON: {e}") from e
    if not isinstance(click, dict) or any(k not in click for k in REQUIRED):
        raise BadClick(f"a click needs {', '.join(REQUIRED)}")
    return {"sessionId": str(click["sessionId"]), "sequence": str(click["at"]), "page": str(click["page"])}


def process(records, put_item):
    """Stores records in order; on the first failure returns its sequence number, so
    Lambda retries the batch from there (ReportBatchItemFailures)."""
    for record in records:
        try:
            put_item(parse_click(record["kinesis"]["data"]))
        except Exception as e:  # noqa: BLE001 - the failure is reported to Lambda
            print(json.dumps({"sequenceNumber": record["kinesis"]["sequenceNumber"], "error": str(e)}))
            return [{"itemIdentifier": record["kinesis"]["sequenceNumber"]}]
    return []


def handler(event, _context):
    import boto3  # available in the Lambda runtime

    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    return {"batchItemFailures": process(event["Records"], lambda item: table.put_item(Item=item))}
