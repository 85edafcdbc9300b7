"""Answers with the number of orders in the table named by TABLE_NAME."""
import json
import os

import boto3


def handler(event, context):
    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    return {"statusCode": 200, "body": json.dumps({"orders": table.item_count})}
