from __future__ import annotations

# Third-party.
from fastapi import Query


def handler(q: str = Query(None)):
    return q
