"""Records each new thumbnail, announced on the ThumbnailCreated topic, in the Images table."""

import json
import os


def handler(event, _context):
    import boto3  # available in the Lambda runtime

    table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
    for record in event["Records"]:
        result = json.loads(record["Sns"]["Message"]).get("responsePayload", {})
        for key in result.get("thumbnails", []):
            table.put_item(Item={"key": key})
