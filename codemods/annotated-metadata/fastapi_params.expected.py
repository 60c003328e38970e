from typing import Annotated, Optional

from fastapi import (
    Body,
    Cookie,
    Depends,
    FastAPI,
    File,
    Form,
    Header,
    Path,
    Query,
    Security,
    UploadFile,
)

app = FastAPI()


def common(skip: Annotated[int, Query(ge=0)] = 0, limit: Annotated[int, Query(le=1000)] = 100):
    return {"skip": skip, "limit": limit}


@app.get("/items/{item_id}")
async def read_item(
    item_id: Annotated[int, Path(title="The ID", ge=1)],
    q: Annotated[str | None, Query(max_length=50)] = None,
    user_agent: Annotated[Optional[str], Header()] = None,
    session: Annotated[str, Cookie()] = "anon",
    commons: dict = Depends(common),
):
    return {"item_id": item_id, "q": q}


@app.get("/required")
def required(q: Annotated[str, Query()], r: Annotated[str, Query()], s: Annotated[str, Query(min_length=2)]):
    return [q, r, s]


@app.post("/upload")
def upload(name: Annotated[str, Form()], data: Annotated[UploadFile, File()], meta: Annotated[dict, Body(embed=True)]):
    return name


@app.get("/me")
def me(user: Annotated[dict, Security(common, scopes=["me"])], token: Annotated[str, Depends()]):
    return user


def one_line(q: Annotated[str, Query()] = "x"): return q
