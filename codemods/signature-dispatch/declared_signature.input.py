"""Classes whose signature is not what they accept are left alone. Adapted from pydantic's
own tests (tests/test_aliases.py::test_validation_alias_with_alias,
tests/test_dataclasses.py::test_init_false_with_post_init, MIT licence): a pydantic model's
`__signature__` is synthesized from its fields, while its `__init__(self, /, **data)`
validates every key: an alias (`''`, `validation_alias`) is accepted, an extra key is rejected
under `extra='forbid'`. Filtering the payload by the signature dropped the aliases and the
extra keys, so the model validated other input and no longer raised."""
import inspect
import json

import pydantic
import pydantic.dataclasses
from pydantic import AliasPath, BaseModel, ConfigDict, Field, create_model
from somewhere_unknown import Record, build_record


class Model(BaseModel):
    x: str = Field(validation_alias=AliasPath("a", 0))


class Strict(Model, extra="forbid"):
    pass


@pydantic.dataclasses.dataclass(config=ConfigDict(extra="forbid"))
class Forbidding:
    a: int


class Declared:
    __signature__ = inspect.Signature()

    def __init__(self, name):
        self.name = name


class Plain:
    def __init__(self, name, level=1):
        self.name = name
        self.level = level


class Loaded(Record):
    pass


Dynamic = create_model("Dynamic", a=(int, 1))


def load(text):
    data = json.loads(text)
    a = Model(**data)
    b = Strict(**data)
    c = Forbidding(**data)
    d = pydantic.BaseModel(**data)
    e = Dynamic(**data)
    f = Declared(**data)
    g = Loaded(**data)
    h = Record(**data)
    i = build_record(**data)
    j = Plain(**data)
    return a, b, c, d, e, f, g, h, i, j


class Row:
    def __init__(self, a):
        self.a = a

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        return cls(**data)


class ModelRow(BaseModel):
    a: int

    @classmethod
    def from_json(cls, text):
        data = json.loads(text)
        return cls(**data)
