"""Module-level `inspect`, `weakref`, `types` and `operator` do not reach the helper: it
imports them inside itself, so calls are rewritten."""
import json

inspect = None
weakref = "not weakref"
types, operator = 0, []


def handle(handler, raw):
    return handler(**json.loads(raw))
