"""The helper imported from a shared module (--dispatch-helper)."""
import json


def on_event(kind, level=0):
    return f"{kind}@{level}"


def handle(raw):
    try:
        return on_event(**json.loads(raw))
    except TypeError as error:
        return f"TypeError: {error}"


print(handle('{"kind": "boot"}'))
print(handle('{"kind": "boot", "level": 2, "host": "a"}'))
