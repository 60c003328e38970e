from typing import (
    Annotated,
    Optional,
    Union,
)

from pydantic import BaseModel, Field


class Model(BaseModel):
    x: Annotated[Optional[int], Field(gt=0)] = None
    y: Union[int, str] = 0
