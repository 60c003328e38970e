"""functools.partial objects as handlers."""
import functools


def send(channel, text, urgent=False):
    return f"[{channel}] {text}{'!' if urgent else ''}"


def deliver(handler, payload):
    try:
        return handler(**payload)
    except TypeError as error:
        return f"TypeError: {error}"


to_ops = functools.partial(send, "ops")
print(deliver(to_ops, {"text": "disk full"}))
print(deliver(to_ops, {"text": "cpu", "urgent": True, "ignored": 1}))
urgent_ops = functools.partial(send, channel="ops", urgent=True)
print(deliver(urgent_ops, {"text": "down", "extra": 2}))
print(deliver(urgent_ops, {"text": "down", "urgent": False}))
