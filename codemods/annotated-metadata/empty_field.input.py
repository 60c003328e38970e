# No empty `Field()` left behind (issue 13, item 14; 111 in pydantic's own tests):
# `x: int = Field()` is required, like `x: int`; `Field(3)` is the default 3.
from typing import Annotated, ClassVar

from pydantic import BaseModel, Field


class Model(BaseModel):
    a: int = Field()
    b: int = Field(...)
    c: int = Field(3)
    d: int = Field(default=4)
    e: Annotated[int, "doc"] = Field(5)
    f: "int" = Field()
    g: int = Field(6, gt=0)


class WithClassVars(BaseModel):
    # Class attributes, not fields: `Field()` is their value.
    registry: ClassVar[dict] = Field()
    quoted: "ClassVar[int]" = Field(3)
    z: int = Field()
