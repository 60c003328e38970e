"""pydantic models and dataclasses: JSON schema and validation errors."""
try:
    import pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import json
from typing import Dict, List, Optional

import pydantic
from pydantic import BaseModel, Field, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass


class Address(BaseModel):
    street: str = Field(min_length=3, description="street name")
    number: int = Field(1, ge=1)


class User(BaseModel):
    name: str = Field(..., min_length=3, max_length=10)
    age: int = Field(18, ge=0, le=150)
    email: Optional[str] = Field(default=None, pattern=r"^\S+@\S+$")
    tags: List[str] = Field(default_factory=list, max_length=3)
    scores: Dict[str, int] = Field(default_factory=dict)
    address: Optional[Address] = Field(None, description="where")
    nickname: str = pydantic.Field("nick", alias="nick")
    plain: int = 5


@dataclass
class Point:
    x: int = Field(gt=0)
    y: int = Field(0, ge=0)


def errors(fn):
    try:
        r = fn()
        print("ok", r)
    except ValidationError as e:
        print(json.dumps(e.errors(include_url=False), sort_keys=True, default=str))


print(json.dumps(User.model_json_schema(), sort_keys=True))
print(json.dumps(TypeAdapter(Point).json_schema(), sort_keys=True))
errors(lambda: User(name="bob!"))
errors(lambda: User(name="al", age=-1, email="nope", tags=["a", "b", "c", "d"]))
errors(lambda: User(name="alice", address={"street": "x", "number": 0}))
errors(lambda: User.model_validate({"name": "carol", "nick": "cc", "scores": {"a": 1}}).model_dump())
u1, u2 = User(name="dave"), User(name="erin")
u1.tags.append("x")
print(u1.tags, u2.tags)
errors(lambda: Point(1))
errors(lambda: Point(0, -1))
errors(lambda: Point(x=2, y=3))
