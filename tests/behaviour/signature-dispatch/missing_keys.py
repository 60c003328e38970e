"""Missing required keys still raise TypeError, as before."""


def on_order(order_id, amount):
    return f"order {order_id}: {amount}"


def on_ship(order_id, *, carrier):
    return f"ship {order_id} by {carrier}"


def dispatch(handler, payload):
    return handler(**payload)


def show(handler, payload):
    try:
        return dispatch(handler, payload)
    except TypeError as error:
        return f"TypeError: {error}"


print(show(on_order, {"order_id": 1}))
print(show(on_order, {}))
print(show(on_ship, {"order_id": 2}))
print(show(on_ship, {"order_id": 2, "carrier": "post"}))


class Failing:
    def __call__(self, x):
        raise TypeError("raised inside the handler")


print(show(Failing(), {"x": 1}))
print(show(Failing(), {"x": 1}))
