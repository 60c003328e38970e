"""Decoded data, or data derived from it in the same function, is a payload whatever
its name."""
import json
import pickle

import yaml

from handlers import Model, route


def from_message(raw):
    doc = json.loads(raw)
    inner = doc["spec"]
    values = inner.get("values", {})
    route(**values)
    for entry in yaml.safe_load(raw):
        route(**entry)
    route(**(pickle.loads(raw) or {}))


async def view(request):
    route(**await request.json())
    route(**request.form)
    route(**request.match_info)
    Model(**request.get_json())


def config_file(path):
    # Decoded, but named as configuration: the name still vetoes.
    config = json.load(open(path))
    route(**config)
