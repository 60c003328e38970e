from typing import Annotated, List, Optional

import fastapi
from fastapi import Body, Cookie, Depends, FastAPI, File, Form, Header, Path, Query, Security, UploadFile

# Compared with ruff's FAST002 fix by tests/annotated_metadata_ruff.rs: blocks
# (separated by two blank lines) with the marker must differ, all others must
# be identical. See the README's "Compared with ruff's FAST002" section.

app = FastAPI()
router = fastapi.APIRouter()


def pagination(skip: int = 0, limit: int = 10):
    return {"skip": skip, "limit": limit}


@app.get("/items/{item_id}")
async def read_item(
    item_id: Annotated[int, Path(title="The ID", ge=1)],
    page: Annotated[dict, Depends(pagination)],
    q: Annotated[Optional[str], Query(max_length=50)] = None,
    user_agent: Annotated[Optional[str], Header()] = None,
    session: Annotated[str, Cookie()] = "anon",
):
    return {"item_id": item_id, "q": q}


@app.get("/required")
def required(q: Annotated[str, Query()], r: Annotated[str, Query()], s: Annotated[str, Query(min_length=2)]):
    return [q, r, s]


@app.post("/upload")
def upload(name: Annotated[str, Form()], data: Annotated[UploadFile, File()], meta: Annotated[dict, Body(embed=True)]):
    return name


@app.get("/me")
def me(user: Annotated[dict, Security(pagination, scopes=["me"])], token: Annotated[str, Depends()], n: Annotated[int, Query(gt=0)] = 3):
    return user


@router.get("/order")
def order(q: Annotated[str, Query()] = None, page: dict = Depends(pagination), r=Query(None)):
    return q


@router.get("/factory")
def factory(tags: Annotated[List[str], Query(default_factory=list)], r: Annotated[int, fastapi.Query()] = 1):
    return tags


# ruff-differs: keyword-only parameters may lose their default in any order
@router.get("/kwonly")
def kwonly(*, q: Annotated[str, Query()] = None, page: Annotated[dict, Depends(pagination)]):
    return q


# ruff-differs: ruff re-renders the call on one line and drops its comments
@router.post("/multiline")
def multiline(
    q: Annotated[str, Query(
        # a comment
        max_length=3,
    )] = "x",
):
    return q


# ruff-differs: ruff nests `Annotated[Annotated[...], ...]`; sturdy appends
@router.get("/annotated")
def annotated(q: Annotated[str, "doc", Query()] = "x"):
    return q


# ruff-differs: ruff only fixes route handlers; sturdy also fixes dependencies
def dependency(q: Annotated[str, Query()] = None):
    return q
