import dataclasses
from typing import Annotated, List, Optional

import pydantic
from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass


class User(BaseModel):
    name: Annotated[str, Field(min_length=3)]
    age: Annotated[int, Field(ge=0, description="years")] = 18
    email: Annotated[Optional[str], Field(max_length=100)] = None
    tags: Annotated[List[str], Field(default_factory=list)]
    nick: str
    title: Annotated[str, pydantic.Field(
        # comment kept
        max_length=5,
    )] = "mr"
    plain: int = 5


class Child(User):
    extra: Annotated[int, Field(gt=-1)] = 0


@dataclass
class Point:
    x: int = Field(gt=0)
    y: int = Field(0, ge=0)
    z: int = Field(gt=0)
    items: List[int] = Field(default_factory=list)
    label: str = Field("p", repr=False)


@dataclasses.dataclass
class Std:
    x: int = Field(gt=0)


class NotAModel:
    x: int = Field(gt=0)
