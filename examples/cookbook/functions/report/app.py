"""Writes the daily report into the bucket named by REPORTS_BUCKET."""
import datetime
import os

import boto3


def handler(event, context):
    day = datetime.date.today().isoformat()
    boto3.client("s3").put_object(
        Bucket=os.environ["REPORTS_BUCKET"], Key=f"daily/{day}.txt", Body=b"report\n"
    )
