"""Class callees defined in another module of the project are looked up there: `Audited`
derives from a pydantic model (left alone: the helper would pass it every key), `Plain`
is a plain class (rewritten)."""
import json

from .models import Audited, Plain
from myapp.util import dispatch_by_signature


def handle(text):
    data = json.loads(text)
    return Audited(**data), dispatch_by_signature(Plain, data)
