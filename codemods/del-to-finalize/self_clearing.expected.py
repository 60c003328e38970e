# Self-clearing `__del__` (issue 14): the body only drops the instance's own
# references, which deallocation does right after `__del__` anyway: removed.
import abc
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


# Adapted from regex/_regex_core.py (regex 2024; six node classes do this): the
# parse-tree nodes and the shared `Info` refer to each other.
class RegexBase:
    def __init__(self):
        self._key = self.__class__


class Group(RegexBase):
    def __init__(self, info, group, subpattern):
        RegexBase.__init__(self)
        self.info = info
        self.group = group
        self.subpattern = subpattern

    def fix_groups(self):
        self.info.defined_groups[self.group] = self

class SetBase(RegexBase):
    def __init__(self, info, items):
        RegexBase.__init__(self)
        self.info = info
        self.items = tuple(items)


class SetDiff(SetBase):
    _opcode = {False: 1, True: 2}
    _op_name = "SET_DIFF"


# Adapted from openapi_spec_validator/validation/caches.py (0.7).
class CachedIterable(Iterable[T], Generic[T]):
    """A cache-implementing wrapper for an iterator."""

    cache: list[T]
    iter: Iterator[T]
    completed: bool

    def __init__(self, it: Iterator[T]):
        self.iter = iter(it)
        self.cache = list()
        self.completed = False

    def __iter__(self) -> Iterator[T]:
        return iter(self.cache)


class Several:
    def __init__(self):
        self.a = [1]
        self.b = {}


# An abstract base from the standard library adds no descriptor.
class Abstract(abc.ABC):
    @abc.abstractmethod
    def run(self): ...


class Sub2(Abstract):
    def run(self):
        pass

    def __init__(self):
        self.info = {}


# `__delattr__` does not run on stores.
class OnlyStores:
    def __init__(self):
        self.info = {}

    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)


# A class-level constant is no descriptor.
class ClassDefault:
    info = None

    def __init__(self):
        self.info = {}


class NoInit:
    pass
