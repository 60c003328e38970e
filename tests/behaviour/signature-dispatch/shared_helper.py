"""The helper imported from a shared module (--dispatch-helper)."""
import json


def on_event(kind, level=0):
    return f"{kind}@{level}"


def handle(raw):
    return on_event(**json.loads(raw))


def show(raw):
    try:
        return handle(raw)
    except TypeError as error:
        return f"TypeError: {error}"


print(show('{"kind": "boot"}'))
print(show('{"kind": "boot", "level": 2, "host": "a"}'))
