from typing import Optional

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


def common(skip: int = Query(0, ge=0), limit: int = Query(default=100, le=1000)):
    return {"skip": skip, "limit": limit}


@app.get("/items/{item_id}")
async def read_item(
    item_id: int = Path(..., title="The ID", ge=1),
    q: str | None = Query(None, max_length=50),
    user_agent: Optional[str] = Header(None),
    session: str = Cookie(default="anon"),
    commons: dict = Depends(common),
):
    return {"item_id": item_id, "q": q}


@app.get("/required")
def required(q: str = Query(...), r: str = Query(), s: str = Query(default=..., min_length=2)):
    return [q, r, s]


@app.post("/upload")
def upload(name: str = Form(...), data: UploadFile = File(...), meta: dict = Body(embed=True)):
    return name


@app.get("/me")
def me(user: dict = Security(common, scopes=["me"]), token: str = Depends()):
    return user


def one_line(q: str = Query("x")): return q
