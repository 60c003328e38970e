from typing_extensions import Annotated

from fastapi import Query


def handler(q: Annotated[str, Query()] = None):
    return q
