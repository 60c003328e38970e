"""No empty `Field()` left behind (issue 13, item 14): `x: int = Field()` is
required like `x: int`, and `Field(3)` is the default 3: schema, fields, signature
and validation are the same."""
try:
    import pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import inspect
import json
from typing import Annotated, Optional

from pydantic import BaseModel, Field, ValidationError


class Model(BaseModel):
    a: int = Field()
    b: int = Field(...)
    c: int = Field(3)
    d: Optional[int] = Field(default=None)
    e: Annotated[int, "doc"] = Field(5)
    f: "int" = Field()
    g: Annotated[int, Field(ge=0)] = Field(6)


print(json.dumps(Model.model_json_schema(), sort_keys=True))
print(Model.model_fields)
print(inspect.signature(Model))
for data in [{}, {"a": 1, "b": 2, "f": 3}, {"a": 1, "b": 2, "f": 3, "g": -1}]:
    try:
        print(Model(**data).model_dump())
    except ValidationError as e:
        print(json.dumps(e.errors(include_url=False), sort_keys=True))
