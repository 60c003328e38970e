# An `Annotated` imported only for type checkers is not there at run time (issue
# 13, item 13): the model was then "not fully defined". A run-time import is added.
from typing import TYPE_CHECKING, Annotated, Optional

from fastapi import Query
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from typing import Annotated


class Model(BaseModel):
    x: Annotated[int, Field(gt=0)]


def handler(q: Annotated[Optional[str], Query(max_length=3)] = None):
    return q
