import dataclasses
from typing import List, Optional

import pydantic
from pydantic import BaseModel, Field
from pydantic.dataclasses import dataclass


class User(BaseModel):
    name: str = Field(min_length=3)
    age: int = Field(18, ge=0, description="years")
    email: Optional[str] = Field(default=None, max_length=100)
    tags: List[str] = Field(default_factory=list)
    nick: str = Field(...)
    title: str = pydantic.Field(
        "mr",
        # comment kept
        max_length=5,
    )
    plain: int = 5


class Child(User):
    extra: "int" = Field(0, gt=-1)


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
