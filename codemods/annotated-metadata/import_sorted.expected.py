# `Annotated` joins a sorted `from typing import ...` in sorted position (issue 13,
# item 14), constants first, then classes, then functions, as isort and ruff sort.
from typing import TYPE_CHECKING, Annotated, Any, Optional, cast

from pydantic import BaseModel, Field


class Model(BaseModel):
    x: Annotated[Optional[int], Field(gt=0)] = None
