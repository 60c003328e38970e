# With `from __future__ import annotations` every annotation is evaluated lazily,
# so a quoted name defined further down can be unquoted (issue 13, item 11).
from __future__ import annotations

from typing import Annotated

from fastapi import Body, FastAPI

app = FastAPI()


@app.post("/later")
def later(item: Annotated[Later, Body()]):
    return item


class Later:
    pass
