"""Counts the clicks in each batch of Kinesis records."""
import base64
import json


def handler(event, context):
    clicks = [json.loads(base64.b64decode(r["kinesis"]["data"])) for r in event["Records"]]
    print(json.dumps({"clicks": len(clicks)}))
    return {"batchItemFailures": []}
