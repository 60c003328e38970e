"""Module docstring."""
import os
from fastapi import Depends, FastAPI
from typing import Annotated

app = FastAPI()


def dep():
    return os.getcwd()


@app.get("/")
def index(cwd: Annotated[str, Depends(dep)]):
    return cwd
