# An `Annotated` imported only for type checkers is not there at run time (issue
# 13, item 13): the model was then "not fully defined". A run-time import is added.
from typing import TYPE_CHECKING, Optional

from fastapi import Query
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from typing import Annotated


class Model(BaseModel):
    x: int = Field(gt=0)


def handler(q: Optional[str] = Query(None, max_length=3)):
    return q
