from fastapi import Query
from mylib import Annotated


def handler(q: str = Query(None)):
    return q
