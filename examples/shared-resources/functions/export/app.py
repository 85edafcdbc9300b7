"""Sends yesterday's orders from another team's table to a partner's API."""

import datetime
import json
import os
import urllib.request


def yesterday(today):
    """The day before `today`, as the table's `day` key spells it (YYYY-MM-DD)."""
    return (today - datetime.timedelta(days=1)).isoformat()


def payload(orders, settings):
    """The partner's request body: each order's id and total, in the agreed currency."""
    lines = []
    for order in orders:
        total = order.get("totalCents")
        if not isinstance(total, int) or total < 0:
            raise ValueError(f"order {order.get('orderId')} has no valid totalCents")
        lines.append({"id": str(order["orderId"]), "amount": total, "currency": settings["currency"]})
    lines.sort(key=lambda line: line["id"])
    return {"orders": lines, "count": len(lines), "total": sum(line["amount"] for line in lines)}


FLAGS = "/shared-resources/flags"


def is_dry_run(parameters):
    """Whether the flags (GetParametersByPath's `Parameters`) ask for a run that sends nothing."""
    flags = {p["Name"][len(FLAGS) + 1:]: p["Value"] for p in parameters if p["Name"].startswith(FLAGS + "/")}
    return flags.get("dry-run", "false").strip().lower() == "true"


def handler(_event, _context):
    """Schedule entry point: query the day's orders, read the token and settings, send."""
    import boto3  # available in the Lambda runtime

    settings = json.loads(
        boto3.client("ssm").get_parameter(Name=os.environ["SETTINGS"])["Parameter"]["Value"]
    )
    token = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["TOKEN_SECRET"])["SecretString"]
    table = boto3.resource("dynamodb").Table(os.environ["ORDERS_TABLE"])
    day = yesterday(datetime.date.today())
    orders = table.query(
        IndexName="byDay",
        KeyConditionExpression=boto3.dynamodb.conditions.Key("day").eq(day),
    )["Items"]
    body = json.dumps(payload(orders, settings), default=int).encode()
    flags = boto3.client("ssm").get_parameters_by_path(Path=FLAGS)["Parameters"]
    if is_dry_run(flags):
        return {"day": day, "sent": 0, "dry_run": True}
    request = urllib.request.Request(
        settings["endpoint"],
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - the endpoint is ours to set
        return {"day": day, "sent": len(orders), "status": response.status}
