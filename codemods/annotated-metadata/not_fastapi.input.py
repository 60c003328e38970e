from myframework import Query, Depends
from pydantic import Field


def handler(q: str = Query(None), d: int = Depends(lambda: 1)):
    return q


def Field(x):  # shadows the import: not pydantic's Field any more
    return x


class Model:
    x: int = Field(3)
