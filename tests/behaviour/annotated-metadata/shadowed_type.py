"""A field named like the type its annotation names (pydantic's test suite,
tests/test_fields.py::test_field_info_annotated_attribute_name_clashing): inside a
function, `SubModel: SubModel = Field()` makes pydantic report the clash; moved into
`Annotated[...]` the class body no longer binds `SubModel` and a `NameError` escapes.
"""
try:
    import pydantic
except ImportError as e:  # a clear failure instead of a confusing traceback
    raise SystemExit(f"missing Python package {e.name!r}: python3 -m pip install fastapi pydantic httpx python-multipart")
from pydantic import BaseModel, Field


def build():
    class SubModel(BaseModel):
        a: int = 1

    try:

        class Model(BaseModel):
            SubModel: SubModel = Field(description="clash")
            b: int = Field(gt=0)

    except pydantic.PydanticUserError as e:
        return f"PydanticUserError: {e.code}"
    except NameError as e:
        return f"NameError: {e}"
    return Model.model_json_schema()


class Plain(BaseModel):
    b: int = Field(gt=0)


print(build())
print(Plain(b=1))
