"""functools.partial objects as handlers."""
import functools


def send(channel, text, urgent=False):
    return f"[{channel}] {text}{'!' if urgent else ''}"


def deliver(handler, payload):
    return handler(**payload)


def show(handler, payload):
    try:
        return deliver(handler, payload)
    except TypeError as error:
        return f"TypeError: {error}"


to_ops = functools.partial(send, "ops")
print(show(to_ops, {"text": "disk full"}))
print(show(to_ops, {"text": "cpu", "urgent": True, "ignored": 1}))
urgent_ops = functools.partial(send, channel="ops", urgent=True)
print(show(urgent_ops, {"text": "down", "extra": 2}))
print(show(urgent_ops, {"text": "down", "urgent": False}))
