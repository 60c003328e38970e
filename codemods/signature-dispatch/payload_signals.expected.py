"""Payload dispatch: each call has a positive signal."""
import json
import pickle

import yaml

from handlers import HANDLERS, get_handler, routes
from myapp.util import dispatch_by_signature


def named_like_data(f, raw_payload, message, data, event, msg, record, row, cleanedData):
    dispatch_by_signature(f, raw_payload)
    dispatch_by_signature(f, message["payload"])
    dispatch_by_signature(f, data["stats"])
    dispatch_by_signature(f, event.body)
    dispatch_by_signature(f, msg)
    dispatch_by_signature(f, record)
    dispatch_by_signature(f, row)
    dispatch_by_signature(f, cleanedData)
    dispatch_by_signature(f, (event or {}))
    dispatch_by_signature(f, message.get("body", {}))
    dispatch_by_signature(f, load_payload())


class Model:
    @classmethod
    def from_json(cls, text):
        obj = json.loads(text)
        return dispatch_by_signature(cls, obj)

    @classmethod
    def from_yaml(cls, stream):
        spec = yaml.safe_load(stream)
        return dispatch_by_signature(cls, spec["model"])

    def reload(self, response, blob):
        dispatch_by_signature(Point, response.json())
        dispatch_by_signature(Point, pickle.loads(blob))


def dynamic_callees(self, kind, p, callback):
    dispatch_by_signature(HANDLERS[kind], p)
    dispatch_by_signature(get_handler(kind), p)
    handler = HANDLERS.get(kind)
    dispatch_by_signature(handler, p)
    method = getattr(self, "on_" + kind)
    dispatch_by_signature(method, p)
    h = routes[kind]
    dispatch_by_signature(h, p)
    for listener in self._listeners:
        dispatch_by_signature(listener, p)
    for name, hook in self.hooks.items():
        dispatch_by_signature(hook, p)
    dispatch_by_signature(callback, p)
