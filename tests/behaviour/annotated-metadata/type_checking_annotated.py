"""An `Annotated` imported only under `if TYPE_CHECKING:` (issue 13, item 13): the
rewrite reused it, and the model failed at run time ("not fully defined", or a
`NameError` without `from __future__ import annotations`)."""
from __future__ import annotations

try:
    import fastapi, httpx, pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import json
import warnings
from typing import TYPE_CHECKING, Optional

warnings.simplefilter("ignore")

from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field, ValidationError

if TYPE_CHECKING:
    from typing import Annotated


class Model(BaseModel):
    x: int = Field(gt=0)


app = FastAPI()


@app.get("/")
def read(q: Optional[str] = Query(None, max_length=3)):
    return q


try:
    print(Model(x=1), json.dumps(Model.model_json_schema(), sort_keys=True))
    Model(x=0)
except Exception as e:
    print(type(e).__name__)
client = TestClient(app)
for params in [{"q": "abc"}, {"q": "abcd"}, {}]:
    r = client.get("/", params=params)
    print(r.status_code, r.text)
