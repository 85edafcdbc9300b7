"""Queues a customer notice for each order event it is invoked with (asynchronously)."""

import json
import os


def handler(event, _context):
    import boto3  # available in the Lambda runtime

    boto3.client("sqs").send_message(QueueUrl=os.environ["NOTICES_URL"], MessageBody=json.dumps(event))
    return {"queued": True}
