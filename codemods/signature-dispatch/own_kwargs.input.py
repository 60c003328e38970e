"""The enclosing function's own `**kwargs` is forwarded, also after copies and helpers:
left alone whatever the names or the callee say."""
import json

from handlers import HANDLERS, prepare


def forward(kind, **kwargs):
    HANDLERS[kind](**kwargs)
    payload = kwargs.copy()
    payload.pop("trace", None)
    payload.update(source="api")
    HANDLERS[kind](**payload)
    HANDLERS[kind](**{**kwargs, "extra": 1})
    HANDLERS[kind](**dict(kwargs, extra=1))
    event_data = prepare(kwargs)
    HANDLERS[kind](**event_data)
    HANDLERS[kind](**json.loads(kwargs["body"]))

    def later():
        return HANDLERS[kind](**payload)

    return later


def not_own(kind, payload, **kwargs):
    # Another mapping in a function that also takes `**kwargs`: rewritten.
    return HANDLERS[kind](**payload)
