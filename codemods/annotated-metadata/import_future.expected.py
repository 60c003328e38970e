from __future__ import annotations

from typing import Annotated

# Third-party.
from fastapi import Query


def handler(q: Annotated[str, Query()] = None):
    return q
