"""Names pydantic treats specially, and pydantic dataclasses (issue 13, item 12).

From pydantic's `ConfigDict.extra` docs: `__pydantic_extra__: dict[str, int] =
Field(init=False)`; inside `Annotated[...]` class creation failed. `_x: int =
Field(alias="x")` raised, and silently became a private attribute. A pydantic
dataclass's `inspect.signature()` and `dataclasses.fields()` change when `Field(...)`
moves into `Annotated[...]`.
"""
try:
    import pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import dataclasses
import inspect
import json
from typing import List

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass


class Extra(BaseModel):
    __pydantic_extra__: dict[str, int] = Field(init=False)
    model_config = ConfigDict(extra="allow")
    y: int = Field(gt=0)


print(Extra(y=1, z=2).__pydantic_extra__, json.dumps(Extra.model_json_schema(), sort_keys=True))

try:

    class Private(BaseModel):
        _x: int = Field(alias="x")
        y: int = Field(1, ge=0)

    print("created", Private.model_fields, Private.__private_attributes__)
except Exception as e:
    print("class creation failed:", type(e).__name__)


@dataclass
class Point:
    x: int = Field(gt=0)
    items: List[int] = Field(default_factory=list)
    y: int = Field(0, ge=0)


print(inspect.signature(Point))
print([(f.name, type(f.default).__name__, f.default_factory is dataclasses.MISSING) for f in dataclasses.fields(Point)])
print(Point(1))
