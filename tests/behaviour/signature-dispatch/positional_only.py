"""Positional-only parameters are never filled from the payload."""


def scale(value, /, factor=2):
    return value * factor


def call(handler, value, payload):
    try:
        return handler(value, **payload)
    except TypeError as error:
        return f"TypeError: {type(error).__name__}"


def call_payload_only(handler, payload):
    try:
        return handler(**payload)
    except TypeError as error:
        return "TypeError"


print(call(scale, 3, {"factor": 5}))
print(call(scale, 3, {"value": 100, "factor": 5}))
print(call_payload_only(scale, {"value": 4}))
print(call(divmod, 7, {"b": 2}))
