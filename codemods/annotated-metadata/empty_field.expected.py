# No empty `Field()` left behind (issue 13, item 14; 111 in pydantic's own tests):
# `x: int = Field()` is required, like `x: int`; `Field(3)` is the default 3.
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field


class Model(BaseModel):
    a: int
    b: int
    c: int = 3
    d: int = 4
    e: Annotated[int, "doc"] = 5
    f: "int"
    g: Annotated[int, Field(gt=0)] = 6


class WithClassVars(BaseModel):
    # Class attributes, not fields: `Field()` is their value.
    registry: ClassVar[dict] = Field()
    quoted: "ClassVar[int]" = Field(3)
    z: int
