"""Lambda entry point for the Orders API (API Gateway REST proxy events).

Three layers: this handler turns HTTP into calls and back; `controller` routes and
validates requests; `orders` holds the business rules and knows nothing of HTTP or AWS.
"""

import json
import os

import controller
import orders
import store

_service = None


def service():
    """The business service, wired to the DynamoDB table once per environment."""
    global _service
    if _service is None:
        _service = orders.OrderService(store.DynamoOrders(os.environ["TABLE_NAME"]))
    return _service


def handler(event, _context):
    body = event.get("body")
    try:
        payload = json.loads(body) if body else None
    except json.JSONDecodeError:
        return respond(400, {"error": "body is not JSON"})
    status, result = controller.dispatch(
        service(), event["httpMethod"], event["resource"], event.get("pathParameters") or {}, payload
    )
    return respond(status, result)


def respond(status, body):
    return {"statusCode": status, "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
