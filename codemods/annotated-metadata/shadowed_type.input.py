# A field named like the type its annotation names (pydantic's own test suite,
# tests/test_fields.py::test_field_info_annotated_attribute_name_clashing).
# `SubModel: SubModel = Field()` binds `SubModel` in the class body, which pydantic
# reports as a clash; inside `Annotated[...]` nothing binds it there, and the
# annotation no longer resolves (NameError in a function-local class).
from typing import List

from pydantic import BaseModel, Field


class SubModel(BaseModel):
    a: int = 1


class Model(BaseModel):
    SubModel: SubModel = Field(description="shadowed")
    Item: "List[Item]" = Field(default_factory=list)
    b: int = Field(gt=0)
