from typing import Annotated

from fastapi import Depends, Query


def get_db():
    return "db"


# `db` would lose its default after `q`, which keeps one: skipped.
def handler(q: Annotated[str, Query()] = None, db: str = Depends(get_db)):
    return q


# Required first, then defaults: fine.
def handler2(db: Annotated[str, Depends(get_db)], q: Annotated[str, Query()] = None):
    return q


# A plain default before a dependency: skipped.
def handler3(limit: int = 10, db: str = Depends(get_db)):
    return db


# Keyword-only parameters may come in any order.
def handler4(*, q: Annotated[str, Query()] = None, db: Annotated[str, Depends(get_db)], r: Annotated[str, Query()]):
    return q


# Positional-only parameters count too.
def handler5(a: Annotated[str, Query()], b: int = 0, /, c: str = Query(...)):
    return a
