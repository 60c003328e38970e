# `Annotated` is bound to another object at run time: skipped, never shadowed.
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from typing import Annotated
else:
    Annotated = None


class Model(BaseModel):
    x: int = Field(gt=0)
    y: int
