"""Metadata order is semantics (issue 13, item 10): validation results and JSON
schemas of fields whose annotation already carries metadata.

The probes from the issue: `x: Annotated[int, AfterValidator(times_ten)] = Field(gt=5)`
rejected `x=1`; appended as `Annotated[int, AfterValidator(times_ten), Field(gt=5)]`
it was accepted as 10, and the schema's `exclusiveMinimum` became `gt`. The same
with FastAPI's `Query(gt=5)` (422 became 200), and FastAPI ignores an alias's
metadata (`PositiveInt`) while the default is a marker.
"""
try:
    import fastapi, httpx, pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import json
import warnings
from typing import Annotated

warnings.simplefilter("ignore")

from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import AfterValidator, BaseModel, Field, PositiveInt, ValidationError


def times_ten(v):
    return v * 10


class Model(BaseModel):
    x: Annotated[int, AfterValidator(times_ten)] = Field(gt=5)
    doc: Annotated[int, "a doc string"] = Field(3, lt=50)
    described: Annotated[int, Field(description="a")] = Field(description="b")
    both: Annotated[int, Field(gt=1)] = Field(lt=5)
    positive: PositiveInt = Field(gt=-5)
    plain: int = Field(0, ge=0)


def validate(**data):
    try:
        print("ok", Model(**data).model_dump())
    except ValidationError as e:
        print(json.dumps(e.errors(include_url=False), sort_keys=True, default=str))


print(json.dumps(Model.model_json_schema(), sort_keys=True))
validate(x=1, both=3, positive=1)
validate(x=6, both=3, positive=1)
validate(x=6, both=3, positive=-1, doc=49)
validate(x=6, both=0, positive=1, plain=-1)

app = FastAPI()


@app.get("/q")
def read_q(q: Annotated[int, AfterValidator(times_ten)] = Query(gt=5)):
    return q


@app.get("/p")
def read_p(p: PositiveInt = Query()):
    return p


@app.get("/d")
def read_d(d: Annotated[int, "doc"] = Query(3, le=10)):
    return d


client = TestClient(app)
print(json.dumps(app.openapi(), sort_keys=True))
for path, params in [("/q", {"q": 1}), ("/q", {"q": 6}), ("/p", {"p": -1}), ("/d", {"d": 11}), ("/d", {})]:
    r = client.get(path, params=params)
    print(path, params, r.status_code, r.text)
