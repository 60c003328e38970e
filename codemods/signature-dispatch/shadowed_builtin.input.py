"""A module that binds a builtin the inserted helper uses (`id`, `type`, `len`, ...):
the helper would call the module's object instead, so nothing is rewritten."""
import json

id = 0


def handle(handler, raw):
    return handler(**json.loads(raw))
