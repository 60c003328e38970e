from typing import Annotated

from fastapi import Query


def handler(q: Annotated[str, Query(
    max_length=3,
)] = None):
    return q
