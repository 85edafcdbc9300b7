// The fleet app of examples/fleet in AWS CDK (plain JavaScript, aws-cdk-lib), for
// bench/run.py to time side by side with formwork.
//
//   FLEET_UNITS=80 CDK_OUTDIR=out node app.js            # writes out/<stack>.template.json
//   CDK_VALIDATION=false FLEET_UNITS=80 node app.js       # without CDK's built-in template validator
//
// A unit is one Python function (512 MB, 10 s, reserved concurrency 5, inline code, the
// table's name in TABLE_NAME), its own dead-letter queue, its own SQS source queue read in
// batches of 10, and read access to one shared DynamoDB table: in CDK six resources
// (function, service role, default policy, two queues, mapping). Like formwork, units are
// spread over as many stacks as the 500-resource limit needs; CDK exports the table's
// name and ARN from the first stack and imports them in the others.
'use strict';

const cdk = require('aws-cdk-lib');
const dynamodb = require('aws-cdk-lib/aws-dynamodb');
const lambda = require('aws-cdk-lib/aws-lambda');
const sqs = require('aws-cdk-lib/aws-sqs');
const { SqsEventSource } = require('aws-cdk-lib/aws-lambda-event-sources');

// The same handler as examples/fleet/src/lib.rs (HANDLER_SOURCE).
const HANDLER_SOURCE = `import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    return [TABLE.get_item(Key={"id": r["body"]}).get("Item") for r in event["Records"]]
`;

const RESOURCES_PER_UNIT = 6;
const UNITS_PER_STACK = Math.floor((500 - 1) / RESOURCES_PER_UNIT);

function unitsFromEnv() {
  const text = process.env.FLEET_UNITS;
  if (text === undefined) return 80;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`FLEET_UNITS must be a whole number of at least 1, not \`${text}\``);
  }
  return n;
}

function stackName(index) {
  return index === 0 ? 'fleet' : `fleet-${index + 1}`;
}

function addUnit(stack, i, table) {
  const dlq = new sqs.Queue(stack, `Dlq${i}`, { retentionPeriod: cdk.Duration.days(14) });
  const jobs = new sqs.Queue(stack, `Jobs${i}`, {
    visibilityTimeout: cdk.Duration.seconds(60),
    retentionPeriod: cdk.Duration.days(4),
  });
  const fn = new lambda.Function(stack, `Worker${i}`, {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline(HANDLER_SOURCE),
    memorySize: 512,
    timeout: cdk.Duration.seconds(10),
    environment: { TABLE_NAME: table.tableName },
    reservedConcurrentExecutions: 5,
    deadLetterQueue: dlq,
  });
  fn.addEventSource(new SqsEventSource(jobs, { batchSize: 10 }));
  table.grantReadData(fn);
}

function main() {
  const units = unitsFromEnv();
  const app = new cdk.App({ outdir: process.env.CDK_OUTDIR || 'cdk.out' });
  const stackCount = Math.max(1, Math.ceil(units / UNITS_PER_STACK));
  const stacks = [];
  for (let s = 0; s < stackCount; s++) stacks.push(new cdk.Stack(app, stackName(s)));
  const table = new dynamodb.Table(stacks[0], 'Shared', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
  });
  for (let s = 0; s < stackCount; s++) {
    const last = Math.min(units, (s + 1) * UNITS_PER_STACK);
    for (let i = s * UNITS_PER_STACK + 1; i <= last; i++) addUnit(stacks[s], i, table);
  }
  app.synth();
}

main();
