"""Extra payload keys are dropped instead of raising TypeError (the intended change)."""


def on_order(order_id, amount):
    return f"order {order_id}: {amount}"


def on_refund(order_id, *, reason="unknown"):
    return f"refund {order_id}: {reason}"


def dispatch(handler, payload):
    try:
        return handler(**payload)
    except TypeError as error:
        return f"TypeError: {error}"


print(dispatch(on_order, {"order_id": 1, "amount": 10}))
print(dispatch(on_order, {"order_id": 2, "amount": 20, "currency": "EUR"}))
print(dispatch(on_refund, {"order_id": 3, "reason": "broken", "trace_id": "abc"}))
print(dispatch(on_refund, {"order_id": 4}))
# Explicit arguments are combined with the payload.
def annotate(handler, order_id, payload):
    try:
        return handler(order_id, **payload)
    except TypeError as error:
        return f"TypeError: {error}"


print(annotate(on_order, 5, {"amount": 50, "source": "web"}))
print(annotate(on_refund, 6, {"reason": "late", "source": "web"}))
