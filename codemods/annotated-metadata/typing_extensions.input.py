from typing_extensions import Annotated

from fastapi import Query


def handler(q: str = Query(None)):
    return q
