# `from m import *` may bind `Annotated`: a new import could replace it.
from fastapi import Query
from mylib.types import *


def handler(q: str = Query(None)):
    return q
