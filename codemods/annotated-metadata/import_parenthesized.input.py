from typing import (
    Optional,
    Union,
)

from pydantic import BaseModel, Field


class Model(BaseModel):
    x: Optional[int] = Field(None, gt=0)
    y: Union[int, str] = Field(0)
