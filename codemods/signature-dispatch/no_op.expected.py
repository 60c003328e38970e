"""No-ops are left alone: the callee already receives every key, or accepts every key
written in the source. (networkx `add_edge(u, v, **attr)` and distributed
`clean_exception(..., **kwargs)` were rewritten for nothing.)"""
import functools
import logging
from dataclasses import dataclass
from myapp.util import dispatch_by_signature


def add_edge(u, v, **attr):
    return (u, v, attr)


def clean_exception(exception, traceback=None, **kwargs):
    return exception, traceback, kwargs


def on_create(name, email):
    return name, email


def on_delete(user_id, **extra):
    return user_id


@dataclass
class Event:
    name: str
    level: int = 1


class Sink:
    def __init__(self, **fields):
        self.fields = fields


class Node:
    def dispatch(self, method, arguments=None, reply_to=None, **kwargs):
        return method, arguments

    def handle_message(self, body, message=None):
        return self.dispatch(**body)

    @classmethod
    def build(cls, **options):
        return cls()

    @classmethod
    def from_data(cls, data):
        return cls.build(**data)


log_payload = functools.partial(clean_exception, ValueError("boom"))
EXTRA_HANDLERS = {"edge": add_edge, "clean": clean_exception}
HANDLERS = {"create": on_create, "delete": on_delete}


def handle(message, payload, record, event_data):
    add_edge(1, 2, **message["data"])
    clean_exception(ValueError("x"), **payload)
    log_payload(**payload)
    logging.info("event %s", message, **record)
    Sink(**record)
    EXTRA_HANDLERS[message["type"]](**payload)
    on_create(**{"name": "ada", "email": "ada@example.org"})
    Event(**{"name": "boot", "level": 2})
    defaults = {"name": "ada"}
    Event(**defaults)
    # Not a no-op: `on_create` takes no `**kwargs` and the keys are not written here.
    dispatch_by_signature(on_create, event_data)
    # Not every table entry takes `**kwargs`.
    dispatch_by_signature(HANDLERS[message["type"]], payload)
    # Not every key is accepted: written by developers, left alone for that.
    on_create(**{"name": "ada", "mail": "ada@example.org"})
