"""GET /orders/{id} reads an order, POST /orders stores one."""
import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    if event["requestContext"]["http"]["method"] == "POST":
        order = json.loads(event["body"])
        table.put_item(Item=order)
        return {"statusCode": 201, "body": json.dumps(order)}
    item = table.get_item(Key={"id": event["pathParameters"]["id"]}).get("Item")
    return {"statusCode": 200 if item else 404, "body": json.dumps(item)}
