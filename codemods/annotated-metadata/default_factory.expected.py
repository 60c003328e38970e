from typing import Annotated

from fastapi import Query


def handler(tags: Annotated[list[str], Query(default_factory=list)], q: Annotated[str, Query()] = None):
    return tags
