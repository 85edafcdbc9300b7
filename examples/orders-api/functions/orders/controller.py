"""Routes API requests to the order service and maps its outcomes to HTTP statuses."""

import orders

ORDERS = "/customers/{customerId}/orders"
ORDER = "/customers/{customerId}/orders/{orderId}"


def dispatch(service, method, resource, params, payload):
    """(status, body) for one request."""
    customer = params.get("customerId", "")
    try:
        if (method, resource) == ("POST", ORDERS):
            if not isinstance(payload, dict):
                return 400, {"error": "expected a JSON object"}
            return 201, service.place(customer, payload.get("items"))
        if (method, resource) == ("GET", ORDERS):
            return 200, {"orders": service.list(customer)}
        if (method, resource) == ("GET", ORDER):
            return 200, service.get(customer, params.get("orderId", ""))
    except orders.InvalidOrder as e:
        return 400, {"error": str(e)}
    except orders.OrderNotFound as e:
        return 404, {"error": str(e)}
    return 404, {"error": f"no route {method} {resource}"}
