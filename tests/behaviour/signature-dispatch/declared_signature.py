"""A callee picked at run time that declares its own signature (as pydantic models and
pydantic dataclasses do: `__signature__` synthesized from the fields, `__init__(self, /,
**data)` validating every key) gets every key from the helper, as before: aliases still
reach it, and extra keys it must reject still raise. (pydantic's own tests
test_aliases.py::test_validation_alias_with_alias and test_dataclasses.py's
extra='forbid' cases failed when the payload was filtered by the signature.)"""
import inspect


class ModelMeta(type):
    def __new__(mcs, name, bases, namespace):
        cls = super().__new__(mcs, name, bases, namespace)
        fields = namespace.get("fields", {})
        cls.__signature__ = inspect.Signature(
            [inspect.Parameter(f, inspect.Parameter.KEYWORD_ONLY) for f in fields]
        )
        return cls


class Model(metaclass=ModelMeta):
    # field -> alias accepted on input
    fields = {"x": "", "y": "y_alias"}

    def __init__(self, /, **data):
        accepted = set(self.fields) | set(self.fields.values())
        extra = set(data) - accepted
        if extra:
            raise ValueError(f"extra fields not permitted: {sorted(extra)}")
        for name, alias in self.fields.items():
            setattr(self, name, data.get(alias, data.get(name)))

    def __repr__(self):
        return f"Model(x={self.x!r}, y={self.y!r})"


def plain(x, y=0):
    return f"plain({x!r}, {y!r})"


HANDLERS = {"model": Model, "plain": plain}


def handle(kind, payload):
    try:
        return HANDLERS[kind](**payload)
    except ValueError as error:
        return f"ValueError: {error}"


print(handle("model", {"": "by empty alias", "y_alias": 2}))
print(handle("model", {"x": 1, "y": 2, "z": 3}))
print(handle("plain", {"x": 1, "y": 2}))
try:
    import pydantic
except ImportError:
    pydantic = None
if pydantic is not None:

    class Strict(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(extra="forbid")
        x: str = pydantic.Field(validation_alias=pydantic.AliasPath("a", 0))

    HANDLERS["strict"] = Strict
    print(handle("strict", {"a": ["first"]}))
    print(handle("strict", {"a": ["first"], "b": 1}).splitlines()[0])
