# Names pydantic treats specially (issue 13, item 12). From pydantic's `extra`
# docs: `__pydantic_extra__: dict[str, int] = Field(init=False)`; inside
# `Annotated[...]` class creation fails. `_x: int = Field(alias="x")` raised, and
# would silently become a private attribute.
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    __pydantic_extra__: dict[str, int] = Field(init=False)
    _x: int = Field(alias="x")
    __private: int = Field(3)
    model_config = ConfigDict(extra="allow")
    y: Annotated[int, Field(gt=0)]
