"""Ships each paid order announced on the topic."""
import json


def handler(event, context):
    for record in event["Records"]:
        order = json.loads(record["Sns"]["Message"])
        print(json.dumps({"shipping": order.get("id")}))
