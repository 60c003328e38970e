# A skip comment on one field leaves only that field alone; the other fields of
# the class, and other functions, are still converted (issue 16, item 9).
from typing import Annotated

from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, Field

app = FastAPI()


class Item(BaseModel):
    name: Annotated[str, Field(min_length=1)]
    price: float = Field(gt=0)  # sturdy: skip -- schema snapshot depends on it
    # sturdy: skip[annotated-metadata]
    tax: float = Field(ge=0)
    tags: Annotated[list, Field(default_factory=list, max_length=5)]


def common(q: Annotated[str, Query(max_length=50)] = None):
    return q


# sturdy: skip
@app.get("/items")
def read_items(q: str = Query(None, max_length=50), c: str = Depends(common)):
    return q


@app.get("/other")
def read_other(c: Annotated[str, Depends(common)]):
    return c
