"""A new `from typing import Annotated` goes among the standard-library imports,
sorted by module, before the third-party and first-party ones (issue 13, item 14)."""
import json
from collections import OrderedDict
from typing import Annotated
from uuid import UUID

from fastapi import Query
from pydantic import BaseModel, Field

from myapp.settings import LIMIT


class Model(BaseModel):
    id: Annotated[UUID, Field(description="the id")]
    data: Annotated[dict, Field(default_factory=dict)]


def handler(q: Annotated[str, Query(max_length=LIMIT)] = None):
    return json.dumps(OrderedDict(q=q))
