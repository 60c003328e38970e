"""Quoted annotations (issue 13, item 11): `item: "Item" = Body()` became
`Annotated["Item", Body()]`, after which every request failed with
`PydanticUserError: ... is not fully defined` and `app.openapi()` raised.
"""
try:
    import fastapi, httpx, pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import json
import warnings
from typing import Optional

warnings.simplefilter("ignore")

from fastapi import Body, FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field


class Item(BaseModel):
    name: "str" = Field(min_length=1)
    parent: "Optional[Item]" = Field(None, description="self-reference")


app = FastAPI()


@app.post("/items")
def create(item: "Item" = Body(), q: "Optional[int]" = Query(None, ge=0)):
    return {"item": item.model_dump(), "q": q}


@app.post("/body")
def body(size: "int" = Body(embed=True)):
    return size


client = TestClient(app)
print(json.dumps(app.openapi(), sort_keys=True))
for path, body, params in [
    ("/items", {"name": "a", "parent": {"name": "b"}}, {"q": 1}),
    ("/items", {"name": ""}, {"q": -1}),
    ("/body", {"size": 1}, {}),
    ("/body", {"size": "no"}, {}),
]:
    r = client.post(path, json=body, params=params)
    print(path, r.status_code, r.text)
