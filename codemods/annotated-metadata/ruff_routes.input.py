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
    item_id: int = Path(..., title="The ID", ge=1),
    page: dict = Depends(pagination),
    q: Optional[str] = Query(None, max_length=50),
    user_agent: Optional[str] = Header(None),
    session: str = Cookie(default="anon"),
):
    return {"item_id": item_id, "q": q}


@app.get("/required")
def required(q: str = Query(...), r: str = Query(), s: str = Query(default=..., min_length=2)):
    return [q, r, s]


@app.post("/upload")
def upload(name: str = Form(...), data: UploadFile = File(...), meta: dict = Body(embed=True)):
    return name


@app.get("/me")
def me(user: dict = Security(pagination, scopes=["me"]), token: str = Depends(), n: int = Query(3, gt=0)):
    return user


@router.get("/order")
def order(q: str = Query(None), page: dict = Depends(pagination), r=Query(None)):
    return q


@router.get("/factory")
def factory(tags: List[str] = Query(default_factory=list), r: int = fastapi.Query(default=1)):
    return tags


# ruff-differs: keyword-only parameters may lose their default in any order
@router.get("/kwonly")
def kwonly(*, q: str = Query(None), page: dict = Depends(pagination)):
    return q


# ruff-differs: ruff re-renders the call on one line and drops its comments
@router.post("/multiline")
def multiline(
    q: str = Query(
        "x",
        # a comment
        max_length=3,
    ),
):
    return q


# ruff-differs: ruff nests `Annotated[Annotated[...], ...]`; sturdy appends
@router.get("/annotated")
def annotated(q: Annotated[str, "doc"] = Query("x")):
    return q


# ruff-differs: ruff only fixes route handlers; sturdy also fixes dependencies
def dependency(q: str = Query(None)):
    return q
