from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable


class Configurable(ABC):
    name: str = "default"

    @abstractmethod
    def configure(self): ...


class Sized(ABC):
    @property
    @abstractmethod
    def size(self) -> int: ...


@runtime_checkable
class Callable(Protocol):
    @abstractmethod
    def __call__(self): ...


def check(cls):
    return issubclass(cls, (Configurable, Sized, Callable))
