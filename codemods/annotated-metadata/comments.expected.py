from typing import Annotated

from fastapi import Query


def handler(
    q: Annotated[str, Query(
        # why the limit
        max_length=50,  # trailing
        description='single quotes kept',
    )] = None,
    r: Annotated[int, Query(ge=0)] = (1 + 2),
    s: Annotated[str, Query()] = 'x',
):
    return q
