# Dataclasses whose finalizer cannot be registered in `__post_init__` safely, and
# class names read through the instance that may change: each stays, with why.
import abc
import warnings
from dataclasses import dataclass, field


def register(cls):
    return cls


# Frozen: the instance cannot store the finalizer.
@dataclass(frozen=True)
class Frozen:
    _closed: bool = field(init=False, default=False)

    def close(self):
        object.__setattr__(self, "_closed", True)

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


# `slots=True` builds a new class with `__slots__`.
@dataclass(slots=True)
class Slotted:
    _closed: bool = field(init=False, default=False)

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


# No generated `__init__`: `__post_init__` never runs.
@dataclass(init=False)
class NoInit:
    _closed: bool = field(init=False, default=False)

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


# Another decorator may replace the class.
@register
@dataclass
class Registered:
    _closed: bool = field(init=False, default=False)

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


# The caller can pass `_closed=True` to `__init__`: its value is unknown.
@dataclass
class InitFlag:
    _closed: bool = False

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


# A base `__post_init__` that a new one would hide.
@dataclass
class Base:
    def __post_init__(self):
        print("base")


@dataclass
class Child(Base):
    _closed: bool = field(init=False, default=False)

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


# A subclass may add fields, its own `__init__` or `__post_init__`.
@dataclass
class Parent:
    _closed: bool = field(init=False, default=False)

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


@dataclass
class Sub(Parent):
    _closed: bool = field(init=False, default=True)


# A field with a default is a class attribute too.
@dataclass
class Defaulted:
    path: str = "x"
    _closed: bool = field(init=False, default=False)

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed " + self.path, ResourceWarning)


# A captured field stored again after `__init__`.
@dataclass
class Renamed:
    path: str
    _closed: bool = field(init=False, default=False)

    def rename(self, path):
        self.path = path

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed " + self.path, ResourceWarning)


# A metaclass may define what the class's name reads.
class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    def __init__(self):
        self._closed = False

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed " + type(self).__name__, ResourceWarning)


# `__class__` defined at class level changes what `self.__class__` reads.
class Masked(abc.ABC):
    __class__ = property(lambda self: Masked)

    def __init__(self):
        self._closed = False

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed " + self.__class__.__name__, ResourceWarning)


def make_init(self):
    pass


# `@dataclass` keeps an `__init__` bound in the class: `__post_init__` never runs.
@dataclass
class BoundInit:
    _closed: bool = field(init=False, default=False)
    __init__ = make_init

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)
