"""Stores each job from the queue in the table named by TABLE_NAME."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            table.put_item(Item=json.loads(record["body"]))
        except Exception:  # report the one message, keep the rest of the batch
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
