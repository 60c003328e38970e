"""Positional-only parameters are never filled from the payload."""


def scale(value, /, factor=2):
    return value * factor


def call(handler, value, payload):
    return handler(value, **payload)


def call_payload_only(handler, payload):
    return handler(**payload)


def show(handler, value, payload):
    try:
        return call(handler, value, payload)
    except TypeError as error:
        return f"TypeError: {type(error).__name__}"


def show_payload_only(handler, payload):
    try:
        return call_payload_only(handler, payload)
    except TypeError as error:
        return "TypeError"


print(show(scale, 3, {"factor": 5}))
print(show(scale, 3, {"value": 100, "factor": 5}))
print(show_payload_only(scale, {"value": 4}))
print(show(divmod, 7, {"b": 2}))
