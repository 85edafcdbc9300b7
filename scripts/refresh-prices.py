#!/usr/bin/env python3
"""Rebuilds crates/formwork-insight/data/prices/<region>.json from AWS's public price list
files (the Price List Bulk API: one JSON offer file per service and region).

NOT RUN YET. This script was written without network access: the prices in the vendored
file were entered by hand from the pricing pages named in each entry, and this script has
never been run against the real offer files. The usage types it looks for (USAGE below)
are what the offer files are documented to contain; when one is not found, the script
stops, names it, and lists the usage types the file does have, so the first run with
network access either confirms the mapping or shows exactly what to correct. Review the
diff of the price file before committing it; the tests in crates/formwork-insight check
that every price the estimate reads is there, with a source and a date.

Usage: scripts/refresh-prices.py REGION [OFFERS_DIR]
Without OFFERS_DIR it downloads
  https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/<region>/index.json
for each service (tens of MB for some); with it, it reads <OFFERS_DIR>/<service>.json.
It records each offer file's publication date and sha256 in the price file, so a refresh
is reproducible from the same files. Standard library only.
"""
import datetime
import hashlib
import json
import pathlib
import sys
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/formwork-insight/data/prices"
URL = "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/{service}/current/{region}/index.json"

# price name -> (offer file, usage type without its region prefix, unit note, pricing page)
USAGE = {
    "lambda_request": ("AWSLambda", "Request", "request", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_duration_x86_64": ("AWSLambda", "Lambda-GB-Second", "GB-second", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_duration_arm64": ("AWSLambda", "Lambda-GB-Second-ARM", "GB-second", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_ephemeral_storage": ("AWSLambda", "Lambda-Storage-GB-Second", "GB-second above 512 MB", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_provisioned_x86_64": ("AWSLambda", "Lambda-Provisioned-Concurrency", "GB-second of provisioned concurrency allocated", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_provisioned_duration_x86_64": ("AWSLambda", "Lambda-Provisioned-GB-Second", "GB-second of duration on provisioned concurrency", "https://aws.amazon.com/lambda/pricing/"),
    "sqs_standard_request": ("AWSQueueService", "Requests-Tier1", "request (64 KB chunk)", "https://aws.amazon.com/sqs/pricing/"),
    "sqs_fifo_request": ("AWSQueueService", "Requests-FIFO-Tier1", "request (64 KB chunk)", "https://aws.amazon.com/sqs/pricing/"),
    "sns_publish": ("AmazonSNS", "Requests-Tier1", "publish request (64 KB chunk), standard topic", "https://aws.amazon.com/sns/pricing/"),
    "dynamodb_write_request_unit": ("AmazonDynamoDB", "WriteRequestUnits", "write request unit, on-demand", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "dynamodb_read_request_unit": ("AmazonDynamoDB", "ReadRequestUnits", "read request unit, on-demand", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "apigateway_rest_request": ("AmazonApiGateway", "ApiGatewayRequest", "REST API request", "https://aws.amazon.com/api-gateway/pricing/"),
    "apigateway_http_request": ("AmazonApiGateway", "ApiGatewayHttpRequest", "HTTP API request (512 KB chunk)", "https://aws.amazon.com/api-gateway/pricing/"),
    "eventbridge_custom_event": ("AWSEvents", "Event-64K-Chunks", "custom event published (64 KB chunk)", "https://aws.amazon.com/eventbridge/pricing/"),
    "kinesis_shard_hour": ("AmazonKinesis", "Storage-ShardHour", "shard-hour, provisioned mode", "https://aws.amazon.com/kinesis/data-streams/pricing/"),
    "kinesis_put_payload_unit": ("AmazonKinesis", "PutRequestPayloadUnits", "PUT payload unit (25 KB), provisioned mode", "https://aws.amazon.com/kinesis/data-streams/pricing/"),
}
# Kept from the current file as they are: free tiers are not in the offer files, and
# EventBridge Scheduler has an offer file of its own whose usage types are not mapped yet.
KEPT = ["lambda_duration_free", "scheduler_invocation"]


def offer(service, region, offers_dir):
    if offers_dir:
        data = (pathlib.Path(offers_dir) / f"{service}.json").read_bytes()
    else:
        with urllib.request.urlopen(URL.format(service=service, region=region), timeout=300) as r:
            data = r.read()
    return json.loads(data), hashlib.sha256(data).hexdigest()


def strip_region(usage_type):
    # us-east-1 usage types have no prefix; others start with a code such as EUW1-
    head, _, rest = usage_type.partition("-")
    return rest if head.isupper() and any(c.isdigit() for c in head) and rest else usage_type


def tiers(doc, usage):
    skus = [s for s, p in doc["products"].items() if strip_region(p.get("attributes", {}).get("usagetype", "")) == usage]
    if not skus:
        return None
    dims = []
    for sku in skus:
        for term in doc["terms"].get("OnDemand", {}).get(sku, {}).values():
            for d in term["priceDimensions"].values():
                usd = float(d["pricePerUnit"]["USD"])
                end = d.get("endRange", "Inf")
                dims.append((float(d.get("beginRange", "0")), None if end == "Inf" else float(end), usd))
    dims.sort()
    # a free first range (price 0) is the free tier of the offer file, not a price tier
    return [[end, usd] for begin, end, usd in dims if usd > 0 or end is None]


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    region, offers_dir = argv[1], (argv[2] if len(argv) > 2 else None)
    path = OUT / f"{region}.json"
    current = json.loads(path.read_text()) if path.exists() else {"prices": {}}
    docs, prices, problems = {}, {}, []
    for name, (service, usage, unit, page) in USAGE.items():
        if service not in docs:
            docs[service] = offer(service, region, offers_dir)
        doc, sha = docs[service]
        found = tiers(doc, usage)
        if not found:
            known = sorted({strip_region(p.get("attributes", {}).get("usagetype", "")) for p in doc["products"].values()})
            problems.append(f"{name}: no usage type {usage} in {service}; it has: {', '.join(known[:80])}")
            continue
        entry = {"unit": unit, "source": page, "offer": f"{service} {doc.get('publicationDate', '?')} sha256 {sha}",
                 "as_of": doc.get("publicationDate", "?")[:10]}
        if len(found) == 1:
            entry["usd"] = found[0][1]
        else:
            entry["tiers"] = found
        old = current["prices"].get(name, {})
        if "free_per_month" in old:
            entry["free_per_month"] = old["free_per_month"]
        prices[name] = entry
    if problems:
        raise SystemExit("\n".join(problems))
    for name in KEPT:
        if name in current["prices"]:
            prices[name] = current["prices"][name]
    out = {
        "region": region,
        "currency": "USD",
        "as_of": datetime.date.today().isoformat(),
        "about": f"On-demand list prices of {region} from AWS's price list offer files, by scripts/refresh-prices.py.",
        "prices": prices,
    }
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
