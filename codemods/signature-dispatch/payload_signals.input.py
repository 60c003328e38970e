"""Payload dispatch: each call has a positive signal."""
import json
import pickle

import yaml

from handlers import HANDLERS, get_handler, routes


def named_like_data(f, raw_payload, message, data, event, msg, record, row, cleanedData):
    f(**raw_payload)
    f(**message["payload"])
    f(**data["stats"])
    f(**event.body)
    f(**msg)
    f(**record)
    f(**row)
    f(**cleanedData)
    f(**(event or {}))
    f(**message.get("body", {}))
    f(**load_payload())


class Model:
    @classmethod
    def from_json(cls, text):
        obj = json.loads(text)
        return cls(**obj)

    @classmethod
    def from_yaml(cls, stream):
        spec = yaml.safe_load(stream)
        return cls(**spec["model"])

    def reload(self, response, blob):
        Point(**response.json())
        Point(**pickle.loads(blob))


def dynamic_callees(self, kind, p, callback):
    HANDLERS[kind](**p)
    get_handler(kind)(**p)
    handler = HANDLERS.get(kind)
    handler(**p)
    method = getattr(self, "on_" + kind)
    method(**p)
    h = routes[kind]
    h(**p)
    for listener in self._listeners:
        listener(**p)
    for name, hook in self.hooks.items():
        hook(**p)
    callback(**p)
