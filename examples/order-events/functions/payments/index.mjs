// Records each payment request from the FIFO queue and announces it on the topic.
import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { SNSClient, PublishCommand } from "@aws-sdk/client-sns";

const dynamo = new DynamoDBClient({});
const sns = new SNSClient({});

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records ?? []) {
    try {
      const payment = JSON.parse(record.body);
      await dynamo.send(new PutItemCommand({
        TableName: process.env.TABLE_NAME,
        Item: {
          orderId: { S: String(payment.orderId) },
          sequence: { N: String(record.attributes.SequenceNumber) },
          amountCents: { N: String(payment.amountCents) },
        },
      }));
      await sns.send(new PublishCommand({
        TopicArn: process.env.TOPIC_ARN,
        Message: JSON.stringify({ type: "PaymentRecorded", orderId: payment.orderId }),
      }));
    } catch (error) {
      console.error(JSON.stringify({ messageId: record.messageId, error: String(error) }));
      // FIFO: stop here so later messages of the group are not processed out of order.
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
