"""Makes a thumbnail of each uploaded image (invoked asynchronously by S3).

Raising makes Lambda retry (once, see retry_attempts); after that the event goes to the
on-failure destination with the error. The returned value is the on-success record.
"""

import os
import urllib.parse

from imaging import thumbnail_key  # from the Imaging layer


def handler(event, _context):
    import boto3  # available in the Lambda runtime

    s3 = boto3.client("s3")
    written = []
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
        target = thumbnail_key(key)
        # A real resize would use Pillow; the pipeline's shape is what matters here.
        s3.put_object(Bucket=os.environ["THUMBNAIL_BUCKET"], Key=target, Body=body[: 64 * 1024])
        written.append(target)
    return {"thumbnails": written}
