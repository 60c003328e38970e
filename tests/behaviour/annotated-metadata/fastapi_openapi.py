"""A FastAPI app whose OpenAPI schema must be identical before and after."""
try:
    import fastapi, multipart, pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import json
from typing import List, Optional, Union

import fastapi
from fastapi import Body, Cookie, Depends, FastAPI, File, Form, Header, Path, Query, Security, UploadFile
from fastapi.security import OAuth2PasswordBearer, SecurityScopes
from pydantic import BaseModel, Field

app = FastAPI(title="behaviour")
oauth2 = OAuth2PasswordBearer(tokenUrl="token", scopes={"me": "Read me", "items": "Read items"})


class Item(BaseModel):
    name: str = Field(min_length=1, description="the name")
    price: float = Field(gt=0)
    tags: List[str] = Field(default_factory=list)
    note: Optional[str] = Field(None, max_length=20)


def pagination(skip: int = Query(0, ge=0), limit: int = Query(default=10, le=100)):
    return {"skip": skip, "limit": limit}


class Filters:
    def __init__(self, q: Optional[str] = Query(None, min_length=2), strict: bool = Query(False)):
        self.q = q
        self.strict = strict


def current_user(security_scopes: SecurityScopes, token: str = Depends(oauth2)):
    return {"token": token, "scopes": security_scopes.scopes}


@app.get("/items/{item_id}")
def read_item(
    item_id: int = Path(..., title="The item", ge=1),
    page: dict = Depends(pagination),
    filters: Filters = Depends(),
    q: Union[str, None] = Query(None, max_length=50, alias="item-query"),
    user_agent: Optional[str] = Header(None),
    session: str = Cookie(default="anon"),
):
    return {"item_id": item_id}


@app.get("/required")
def required(a: str = Query(...), b: int = Query(), c: str = Query(default=..., min_length=2), d: List[int] = Query(default_factory=list)):
    return [a, b, c, d]


@app.post("/items")
def create(item: Item = Body(..., embed=True), importance: int = Body(1, gt=0)):
    return item


@app.post("/form")
def form(name: str = Form(...), upload: UploadFile = File(...), extra: str = fastapi.Form("x")):
    return name


@app.get("/me")
def me(user: dict = Security(current_user, scopes=["me"]), x_token: Optional[List[str]] = Header(None)):
    return user


print(json.dumps(app.openapi(), sort_keys=True, indent=1))
