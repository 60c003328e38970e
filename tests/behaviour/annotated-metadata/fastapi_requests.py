"""Requests through FastAPI's TestClient: responses and validation errors."""
try:
    import fastapi, httpx, pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
import json
import warnings
from typing import List, Optional

warnings.simplefilter("ignore")

from fastapi import Body, Cookie, Depends, FastAPI, Header, HTTPException, Path, Query, Security
from fastapi.testclient import TestClient

app = FastAPI()
calls = []


def get_db():
    calls.append("open")
    try:
        yield {"db": True}
    finally:
        calls.append("close")


def pagination(skip: int = Query(0, ge=0), limit: int = Query(default=10, le=100)):
    return {"skip": skip, "limit": limit}


def verify(x_key: str = Header(...)):
    if x_key != "secret":
        raise HTTPException(status_code=403, detail="bad key")
    return x_key


@app.get("/items/{item_id}")
def read_item(
    item_id: int = Path(..., ge=1),
    db: dict = Depends(get_db),
    page: dict = Depends(pagination),
    tags: List[str] = Query(default_factory=lambda: ["default"]),
    q: Optional[str] = Query(None, max_length=5, alias="item-query"),
    session: str = Cookie(default="anon"),
):
    return {"item_id": item_id, "db": db, "page": page, "q": q, "tags": tags, "session": session}


@app.get("/required")
def required(a: str = Query(...), b: int = Query(), c: str = Query(default=..., min_length=2)):
    return [a, b, c]


@app.post("/body")
def body(name: str = Body(..., min_length=2), count: int = Body(1, gt=0)):
    return {"name": name, "count": count}


@app.get("/secure")
def secure(key: str = Security(verify), n: int = Query(1)):
    return {"key": key, "n": n}


client = TestClient(app)


def show(resp):
    print(resp.status_code, json.dumps(resp.json(), sort_keys=True))


show(client.get("/items/3"))
show(client.get("/items/3?item-query=abc&skip=2&limit=5&tags=a&tags=b", cookies={"session": "s1"}))
show(client.get("/items/0"))
show(client.get("/items/3?item-query=toolong&limit=1000"))
show(client.get("/required"))
show(client.get("/required?a=x&b=2&c=ok"))
show(client.get("/required?a=x&b=notint&c=o"))
show(client.post("/body", json={"name": "ab"}))
show(client.post("/body", json={"name": "a", "count": 0}))
show(client.get("/secure", headers={"x-key": "secret"}))
show(client.get("/secure", headers={"x-key": "wrong"}))
show(client.get("/secure"))
print(calls)
