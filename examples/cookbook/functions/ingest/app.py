"""Processes one event, invoked asynchronously; its result goes to a destination."""


def handler(event, context):
    if "id" not in event:
        raise ValueError("an event needs an id")
    return {"processed": event["id"]}
