"""A function that binds the helper's name: its calls would reach that binding, not the
helper, so they are skipped with a reason; other functions are rewritten."""
import json
from myapp.util import dispatch_by_signature


def replay(handler, raw, dispatch_by_signature=None):
    return handler(**json.loads(raw))


def local(handler, raw):
    dispatch_by_signature = print
    dispatch_by_signature("handling")
    return handler(**json.loads(raw))


def handle(handler, raw):
    return dispatch_by_signature(handler, json.loads(raw))
