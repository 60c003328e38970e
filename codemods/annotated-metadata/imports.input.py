import fastapi
import fastapi.params
import typing
from fastapi import Query as Q
from fastapi.params import Depends as Dep

app = fastapi.FastAPI()


def get_db():
    yield "db"


@app.get("/")
def index(
    q: str = Q("hello", alias="query"),
    h: str = fastapi.Header(None),
    p: int = fastapi.params.Query(3),
    db: str = Dep(get_db),
):
    return q
