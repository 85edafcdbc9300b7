"""Counts new session events per page in tumbling windows of the SessionEvents stream.

Lambda passes the window's running state in and out; at the end of a window the
totals are added to the PageViews table.
"""

import os


def count(records, state):
    """The per-page counts of a window so far, with these records added."""
    totals = dict(state or {})
    for record in records:
        page = record["dynamodb"]["NewImage"]["page"]["S"]
        totals[page] = totals.get(page, 0) + 1
    return totals


def handler(event, _context):
    totals = count(event.get("Records", []), event.get("state"))
    if event.get("isFinalInvokeBySource") or event.get("isWindowTerminatedEarly"):
        import boto3  # available in the Lambda runtime

        table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
        for page, n in totals.items():
            table.update_item(Key={"page": page}, UpdateExpression="ADD views :n", ExpressionAttributeValues={":n": n})
        return {"state": {}}
    return {"state": totals}
