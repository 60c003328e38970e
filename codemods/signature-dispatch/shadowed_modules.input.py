"""Module-level `inspect`, `weakref`, `types` and `operator` do not reach the helper: it
imports them inside itself, so calls are rewritten. This fixture imports the helper; the
in-module form, run, is tests/behaviour/signature-dispatch/shadowed_modules.py."""
import json

inspect = None
weakref = "not weakref"
types, operator = 0, []


def handle(handler, raw):
    return handler(**json.loads(raw))
