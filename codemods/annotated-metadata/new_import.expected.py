"""Module docstring."""
import os
from typing import Annotated
from fastapi import Depends, FastAPI

app = FastAPI()  # ruff-differs: sturdy adds `typing` among the standard-library imports


def dep():
    return os.getcwd()


@app.get("/")
def index(cwd: Annotated[str, Depends(dep)]):
    return cwd
