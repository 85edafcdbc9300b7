#!/usr/bin/env python3
"""Rebuilds crates/formwork-insight/data/prices/<region>.json from AWS's public price list
(the Price List Bulk API: static JSON offer files, one per service and region, readable
without AWS credentials).

Where it reads from, for each service (AWSLambda, AWSQueueService, AmazonSNS,
AmazonDynamoDB, AmazonApiGateway, AWSEvents, AmazonKinesis):
  1. the service's region index,
     https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/current/region_index.json
  2. the versioned offer file it names for the region (regions.<region>.currentVersionUrl),
     https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<service>/<version>/<region>/index.json
     (hundreds of KB for most services).
Or, offline, from files you downloaded: with OFFERS_DIR it reads <OFFERS_DIR>/<service>.json
(the regional index.json of each service) and makes no network request.

Without network access it stops before writing anything, naming the URL it could not
reach; the price file is only written when every price was found. Each entry records the
offer file's publication date, version URL and sha256, so a refresh is reproducible from
the same files, and the file's as_of becomes the oldest publication date read.

NOT RUN YET against the real files: the vendored prices were checked by hand against the
sources each entry lists (its "checked" list). The usage types below (USAGE) are those the
offer files are documented to contain; when one is missing, the script stops, names it and
lists the usage types the file has, so the first run with network access either confirms
the mapping or shows what to correct. Review the diff of the price file before committing
it; the tests in crates/formwork-insight check that every price the estimate reads is
there with a source, a date and what it was checked against. Free tiers are not in the
regional offer files as prices the estimate uses: they are kept from the current file.

Usage: scripts/refresh-prices.py REGION [OFFERS_DIR]
Standard library only.
"""
import datetime
import hashlib
import json
import pathlib
import sys
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/formwork-insight/data/prices"
HOST = "https://pricing.us-east-1.amazonaws.com"
REGION_INDEX = HOST + "/offers/v1.0/aws/{service}/current/region_index.json"

# price name -> (offer file, usage type without its region prefix, unit note, pricing page)
USAGE = {
    "lambda_request": ("AWSLambda", "Request", "request", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_duration_x86_64": ("AWSLambda", "Lambda-GB-Second", "GB-second", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_duration_arm64": ("AWSLambda", "Lambda-GB-Second-ARM", "GB-second", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_ephemeral_storage": ("AWSLambda", "Lambda-Storage-GB-Second", "GB-second above 512 MB", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_provisioned_x86_64": ("AWSLambda", "Lambda-Provisioned-Concurrency", "GB-second of provisioned concurrency allocated", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_provisioned_duration_x86_64": ("AWSLambda", "Lambda-Provisioned-GB-Second", "GB-second of duration on provisioned concurrency", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_provisioned_arm64": ("AWSLambda", "Lambda-Provisioned-Concurrency-ARM", "GB-second of provisioned concurrency allocated", "https://aws.amazon.com/lambda/pricing/"),
    "lambda_provisioned_duration_arm64": ("AWSLambda", "Lambda-Provisioned-GB-Second-ARM", "GB-second of duration on provisioned concurrency", "https://aws.amazon.com/lambda/pricing/"),
    "sqs_standard_request": ("AWSQueueService", "Requests-Tier1", "request (each 64 KB chunk of a payload is one request)", "https://aws.amazon.com/sqs/pricing/"),
    "sqs_fifo_request": ("AWSQueueService", "Requests-FIFO-Tier1", "request (each 64 KB chunk of a payload is one request)", "https://aws.amazon.com/sqs/pricing/"),
    "sns_publish": ("AmazonSNS", "Requests-Tier1", "publish request to a standard topic (each 64 KB chunk of a payload is one request)", "https://aws.amazon.com/sns/pricing/"),
    "dynamodb_write_request_unit": ("AmazonDynamoDB", "WriteRequestUnits", "write request unit, on-demand, Standard table class", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "dynamodb_read_request_unit": ("AmazonDynamoDB", "ReadRequestUnits", "read request unit, on-demand, Standard table class", "https://aws.amazon.com/dynamodb/pricing/on-demand/"),
    "apigateway_rest_request": ("AmazonApiGateway", "ApiGatewayRequest", "REST API request", "https://aws.amazon.com/api-gateway/pricing/"),
    "apigateway_http_request": ("AmazonApiGateway", "ApiGatewayHttpRequest", "HTTP API request (each 512 KB of a request is one request)", "https://aws.amazon.com/api-gateway/pricing/"),
    "eventbridge_custom_event": ("AWSEvents", "Event-64K-Chunks", "custom event published (each 64 KB chunk of a payload is one event)", "https://aws.amazon.com/eventbridge/pricing/"),
    "kinesis_shard_hour": ("AmazonKinesis", "Storage-ShardHour", "shard-hour, provisioned mode", "https://aws.amazon.com/kinesis/data-streams/pricing/"),
    "kinesis_put_payload_unit": ("AmazonKinesis", "PutRequestPayloadUnits", "PUT payload unit (25 KB of a record), provisioned mode", "https://aws.amazon.com/kinesis/data-streams/pricing/"),
}
# Kept from the current file as they are: free tiers are not in the offer files, and
# EventBridge Scheduler has an offer file of its own whose usage types are not mapped yet.
KEPT = ["lambda_duration_free", "scheduler_invocation"]


def fetch(url):
    """The body at url; stops with a clear message (and nothing written) when unreachable."""
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.read()
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raise SystemExit(
            f"cannot read {url}: {e}\n"
            "AWS's price list is not reachable from here; nothing was written. Download the "
            "regional index.json of each service elsewhere and pass their folder as OFFERS_DIR."
        )


def offer(service, region, offers_dir):
    """(offer document, sha256, where it was read)."""
    if offers_dir:
        path = pathlib.Path(offers_dir) / f"{service}.json"
        try:
            data = path.read_bytes()
        except OSError as e:
            raise SystemExit(f"cannot read {path}: {e}; nothing was written")
        where = str(path.name)
    else:
        index = json.loads(fetch(REGION_INDEX.format(service=service)))
        entry = index.get("regions", {}).get(region)
        if not entry:
            raise SystemExit(f"{service} has no offer file for {region}; nothing was written")
        where = HOST + entry["currentVersionUrl"]
        data = fetch(where)
    return json.loads(data), hashlib.sha256(data).hexdigest(), where


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
        doc, sha, where = docs[service]
        found = tiers(doc, usage)
        if not found:
            known = sorted({strip_region(p.get("attributes", {}).get("usagetype", "")) for p in doc["products"].values()})
            problems.append(f"{name}: no usage type {usage} in {service}; it has: {', '.join(known[:80])}")
            continue
        published = doc.get("publicationDate", "?")
        entry = {"unit": unit, "source": page, "as_of": published[:10],
                 "checked": [f"{service} offer file published {published}, usage type {usage}: {where} (sha256 {sha})"]}
        if len(found) == 1:
            entry["usd"] = found[0][1]
        else:
            entry["tiers"] = found
        old = current["prices"].get(name, {})
        for kept in ("free_per_month", "note"):
            if kept in old:
                entry[kept] = old[kept]
        prices[name] = entry
    if problems:
        raise SystemExit("\n".join(problems))
    for name in KEPT:
        if name in current["prices"]:
            prices[name] = current["prices"][name]
    dates = sorted(e["as_of"] for e in prices.values() if e.get("as_of", "?") != "?")
    out = {
        "region": region,
        "currency": "USD",
        "as_of": dates[0] if dates else datetime.date.today().isoformat(),
        "about": f"On-demand list prices of {region} from AWS's price list offer files, read by "
                 "scripts/refresh-prices.py on " + datetime.date.today().isoformat() + "; each entry's "
                 "checked list names the offer file, its publication date and sha256. Free tiers and "
                 "the prices in KEPT are carried over from the hand-checked file.",
        "prices": prices,
    }
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
