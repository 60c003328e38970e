from typing import Annotated

from fastapi import Depends, Query


def dep():
    return 1


def handler(
    q: Annotated[str, "a doc string"] = Query(None, max_length=3),
    r: Annotated[int, Query(ge=1)] = Query(3),
):
    return q


def trailing_comma(d: Annotated[int, "doc",] = Depends(dep), e: Annotated[int, (Query(ge=0))] = Depends(dep)):
    return d
