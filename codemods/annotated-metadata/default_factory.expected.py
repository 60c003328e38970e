from fastapi import Query
from typing import Annotated


def handler(tags: Annotated[list[str], Query(default_factory=list)], q: Annotated[str, Query()] = None):
    return tags
