"""Decoded data, or data derived from it in the same function, is a payload whatever
its name."""
import json
import pickle

import yaml

from handlers import Model, route
from myapp.util import dispatch_by_signature


def from_message(raw):
    doc = json.loads(raw)
    inner = doc["spec"]
    values = inner.get("values", {})
    dispatch_by_signature(route, values)
    for entry in yaml.safe_load(raw):
        dispatch_by_signature(route, entry)
    dispatch_by_signature(route, (pickle.loads(raw) or {}))


async def view(request):
    dispatch_by_signature(route, await request.json())
    dispatch_by_signature(route, request.form)
    dispatch_by_signature(route, request.match_info)
    Model(**request.get_json())


def config_file(path):
    # Decoded, but named as configuration: the name still vetoes.
    config = json.load(open(path))
    route(**config)
