"""The fleet app of examples/fleet in troposphere, for bench/run.py to time side by side
with formwork.

    FLEET_UNITS=80 python fleet.py --format json --out DIR    # writes DIR/<stack>.json

troposphere checks property types as they are set and nothing across resources. It writes
the same resources formwork does (function, role with its inline policy, log group, two
queues and a mapping per unit, one shared table), spread over as many stacks as the
500-resource limit needs, the first stack exporting the table's name and ARN.
"""

import argparse
import os
import sys

from troposphere import Export, GetAtt, ImportValue, Output, Ref, Sub, Template
from troposphere.awslambda import (
    Code,
    DeadLetterConfig,
    Environment,
    EventSourceMapping,
    Function,
    LoggingConfig,
)
from troposphere.dynamodb import (
    AttributeDefinition,
    KeySchema,
    PointInTimeRecoverySpecification,
    Table,
)
from troposphere.iam import Policy, Role
from troposphere.logs import LogGroup
from troposphere.sqs import Queue

# The same handler as examples/fleet/src/lib.rs (HANDLER_SOURCE).
HANDLER_SOURCE = """import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    return [TABLE.get_item(Key={"id": r["body"]}).get("Item") for r in event["Records"]]
"""

RESOURCES_PER_UNIT = 6
UNITS_PER_STACK = (500 - 1) // RESOURCES_PER_UNIT
READ_DATA = [
    "dynamodb:BatchGetItem",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
]
SQS_SOURCE = ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]


def units_from_env():
    text = os.environ.get("FLEET_UNITS", "80")
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        sys.exit(f"error: FLEET_UNITS must be a whole number of at least 1, not `{text}`")
    return n


def stack_name(index):
    return "fleet" if index == 0 else f"fleet-{index + 1}"


def allow(actions, resource):
    return {"Effect": "Allow", "Action": actions, "Resource": [resource]}


def add_unit(t, i, table_name, table_arn):
    dlq = t.add_resource(
        Queue(
            f"Dlq{i}",
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
            MessageRetentionPeriod=1209600,
            SqsManagedSseEnabled=True,
        )
    )
    jobs = t.add_resource(
        Queue(
            f"Jobs{i}",
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
            VisibilityTimeout=60,
            MessageRetentionPeriod=345600,
            SqsManagedSseEnabled=True,
        )
    )
    log_group = t.add_resource(
        LogGroup(
            f"Worker{i}LogGroup",
            DeletionPolicy="Retain",
            UpdateReplacePolicy="Retain",
            RetentionInDays=30,
        )
    )
    role = t.add_resource(
        Role(
            f"Worker{i}Role",
            AssumeRolePolicyDocument={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": ["sts:AssumeRole"],
                    }
                ],
            },
            Policies=[
                Policy(
                    PolicyName=f"Worker{i}Policy",
                    PolicyDocument={
                        "Version": "2012-10-17",
                        "Statement": [
                            allow(
                                ["logs:CreateLogStream", "logs:PutLogEvents"],
                                GetAtt(log_group, "Arn"),
                            ),
                            allow(["sqs:SendMessage"], GetAtt(dlq, "Arn")),
                            allow(READ_DATA, table_arn),
                            allow(SQS_SOURCE, GetAtt(jobs, "Arn")),
                        ],
                    },
                )
            ],
        )
    )
    function = t.add_resource(
        Function(
            f"Worker{i}",
            Runtime="python3.12",
            Handler="index.handler",
            Code=Code(ZipFile=HANDLER_SOURCE),
            Role=GetAtt(role, "Arn"),
            MemorySize=512,
            Timeout=10,
            Environment=Environment(Variables={"TABLE_NAME": table_name}),
            ReservedConcurrentExecutions=5,
            DeadLetterConfig=DeadLetterConfig(TargetArn=GetAtt(dlq, "Arn")),
            LoggingConfig=LoggingConfig(LogGroup=Ref(log_group)),
        )
    )
    t.add_resource(
        EventSourceMapping(
            f"Worker{i}Jobs{i}",
            FunctionName=Ref(function),
            EventSourceArn=GetAtt(jobs, "Arn"),
            BatchSize=10,
        )
    )


def templates(units):
    count = max(1, -(-units // UNITS_PER_STACK))
    out = []
    for s in range(count):
        t = Template()
        t.set_version("2010-09-09")
        if s == 0:
            table = t.add_resource(
                Table(
                    "Shared",
                    DeletionPolicy="Retain",
                    UpdateReplacePolicy="Retain",
                    BillingMode="PAY_PER_REQUEST",
                    AttributeDefinitions=[AttributeDefinition(AttributeName="id", AttributeType="S")],
                    KeySchema=[KeySchema(AttributeName="id", KeyType="HASH")],
                    PointInTimeRecoverySpecification=PointInTimeRecoverySpecification(
                        PointInTimeRecoveryEnabled=True
                    ),
                )
            )
            table_name, table_arn = Ref(table), GetAtt(table, "Arn")
            if count > 1:
                for name, value in (("Name", table_name), ("Arn", table_arn)):
                    t.add_output(
                        Output(
                            f"Shared{name}",
                            Value=value,
                            Export=Export(Sub("${AWS::StackName}-Shared" + name)),
                        )
                    )
        else:
            table_name = ImportValue(f"{stack_name(0)}-SharedName")
            table_arn = ImportValue(f"{stack_name(0)}-SharedArn")
        for i in range(s * UNITS_PER_STACK + 1, min(units, (s + 1) * UNITS_PER_STACK) + 1):
            add_unit(t, i, table_name, table_arn)
        out.append((stack_name(s), t))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["json", "yaml"], default="json")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for name, t in templates(units_from_env()):
        text = t.to_json() if args.format == "json" else t.to_yaml()
        with open(os.path.join(args.out, f"{name}.{args.format}"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
