"""Extra payload keys are dropped instead of raising TypeError (the intended change)."""


def on_order(order_id, amount):
    return f"order {order_id}: {amount}"


def on_refund(order_id, *, reason="unknown"):
    return f"refund {order_id}: {reason}"


def dispatch(handler, payload):
    return handler(**payload)


def show(handler, payload):
    try:
        return dispatch(handler, payload)
    except TypeError as error:
        return f"TypeError: {error}"


print(show(on_order, {"order_id": 1, "amount": 10}))
print(show(on_order, {"order_id": 2, "amount": 20, "currency": "EUR"}))
print(show(on_refund, {"order_id": 3, "reason": "broken", "trace_id": "abc"}))
print(show(on_refund, {"order_id": 4}))
# Explicit arguments are combined with the payload.
def annotate(handler, order_id, payload):
    return handler(order_id, **payload)


def show_annotated(handler, order_id, payload):
    try:
        return annotate(handler, order_id, payload)
    except TypeError as error:
        return f"TypeError: {error}"


print(show_annotated(on_order, 5, {"amount": 50, "source": "web"}))
print(show_annotated(on_refund, 6, {"reason": "late", "source": "web"}))
