"""A new `from typing import Annotated` goes among the standard-library imports,
sorted by module, before the third-party and first-party ones (issue 13, item 14)."""
import json
from collections import OrderedDict
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field

from myapp.settings import LIMIT


class Model(BaseModel):
    id: UUID = Field(description="the id")
    data: dict = Field(default_factory=dict)


def handler(q: str = Query(None, max_length=LIMIT)):
    return json.dumps(OrderedDict(q=q))
