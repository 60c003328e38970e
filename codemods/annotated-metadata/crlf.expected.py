from fastapi import Query
from typing import Annotated


def handler(q: Annotated[str, Query(
    max_length=3,
)] = None):
    return q
