"""Orders in DynamoDB: the repository the order service is given in Lambda."""


class DynamoOrders:
    def __init__(self, table_name):
        import boto3  # available in the Lambda runtime

        self.table = boto3.resource("dynamodb").Table(table_name)

    def put(self, order):
        self.table.put_item(Item=order, ConditionExpression="attribute_not_exists(orderId)")

    def get(self, customer_id, order_id):
        return self.table.get_item(Key={"customerId": customer_id, "orderId": order_id}).get("Item")

    def list_for(self, customer_id):
        from boto3.dynamodb.conditions import Key

        return self.table.query(KeyConditionExpression=Key("customerId").eq(customer_id))["Items"]
