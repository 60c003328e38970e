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
    q: typing.Annotated[str, Q(alias="query")] = "hello",
    h: typing.Annotated[str, fastapi.Header()] = None,
    p: typing.Annotated[int, fastapi.params.Query()] = 3,
    db: str = Dep(get_db),
):
    return q
