"""Module docstring."""
import os
from fastapi import Depends, FastAPI

app = FastAPI()


def dep():
    return os.getcwd()


@app.get("/")
def index(cwd: str = Depends(dep)):
    return cwd
