from fastapi import FastAPI, Query
from typing_extensions import Annotated

app = FastAPI()


@app.get("/items")
def items(q: Annotated[str, Query(max_length=20)] = "all"):
    return q
