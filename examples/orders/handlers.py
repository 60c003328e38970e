"""Message handlers for the order queue."""
from .gateways import PaymentGateway


def handle_order_created(order_id, customer_id, cents):
    return f"created {order_id} for {customer_id}: {cents}"


def handle_order_refunded(order_id, transaction_id):
    return f"refunded {order_id} ({transaction_id})"


HANDLERS = {
    "order.created": handle_order_created,
    "order.refunded": handle_order_refunded,
}


def dispatch(message: dict, gateway: PaymentGateway):
    if not isinstance(gateway, PaymentGateway):
        raise TypeError("gateway must implement PaymentGateway")
    handler = HANDLERS[message["type"]]
    raw_payload = message["payload"]
    # Producers add fields over time; handlers only declare what they use.
    return handler(**raw_payload)
