"""Logs a greeting for each message."""

import json


def handler(event, _context):
    names = [json.loads(r["body"]).get("name", "world") for r in event.get("Records", [])]
    for name in names:
        print(f"hello, {name}")
    return {"greeted": len(names)}
