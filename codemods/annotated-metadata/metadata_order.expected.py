# Metadata order is semantics (issue 13, item 10). pydantic applies the constraints
# of an assigned `Field(...)` before the annotation's metadata; FastAPI ignores the
# annotation's metadata while the default is a marker. Adapted from pydantic's
# validator docs and the probes in the issue:
# `x: Annotated[int, AfterValidator(times_ten)] = Field(gt=5)` rejected `x=1` before.
from typing import Annotated

from fastapi import FastAPI, Query
from pydantic import AfterValidator, BaseModel, Field, PositiveInt

from .types import Tenfold

app = FastAPI()


def times_ten(v):
    return v * 10


class Model(BaseModel):
    # Constraints first, as pydantic applied them: `Field` goes before the validator.
    x: Annotated[int, Field(gt=5), AfterValidator(times_ten)]
    doc: Annotated[int, Field(lt=50), "a doc string"] = 3
    # No constraints: attributes win last, as before.
    described: Annotated[int, Field(description="a"), Field(description="b")]
    # Another `Field` whose settings the assigned one overrides: no place fits.
    both: Annotated[int, Field(gt=1)] = Field(lt=5)
    # An alias may carry metadata of its own.
    positive: PositiveInt = Field(lt=5)
    imported: Tenfold = Field(gt=0)
    plain_alias: Annotated[PositiveInt, Field(description="no constraints: fine")]


@app.get("/")
def read(
    q: Annotated[int, AfterValidator(times_ten)] = Query(gt=5),
    p: PositiveInt = Query(),
    d: Annotated[int, "doc", Query()] = 3,
):
    return q
