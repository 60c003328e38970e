"""Module docstring."""
import os
from fastapi import Depends, FastAPI

app = FastAPI()  # ruff-differs: sturdy adds `typing` among the standard-library imports


def dep():
    return os.getcwd()


@app.get("/")
def index(cwd: str = Depends(dep)):
    return cwd
