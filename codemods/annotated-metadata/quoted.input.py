# Quoted annotations (issue 13, item 11): `item: "Item" = Body()` became
# `Annotated["Item", Body()]`, and FastAPI then failed every request with
# "PydanticUserError: ... not fully defined". A quoted type is unquoted where it
# refers to the same object at run time, and skipped otherwise.
from typing import TYPE_CHECKING, Optional

from fastapi import Body, FastAPI, Query
from pydantic import BaseModel, Field

if TYPE_CHECKING:
    from .models import Hidden

app = FastAPI()


class Item(BaseModel):
    name: "str" = Field(min_length=1)
    parent: "Optional[Item]" = Field(None, description="self-reference")


@app.post("/items")
def create(item: "Item" = Body(), q: "Optional[int]" = Query(None, ge=0)):
    return item


@app.post("/later")
def later(item: "Later" = Body(), h: "Hidden" = Body(None)):
    return item


class Later(BaseModel):
    x: int
