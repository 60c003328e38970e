from abc import abstractmethod
from typing_extensions import Protocol, runtime_checkable


@runtime_checkable
class Sink(Protocol):
    @abstractmethod
    def write(self, data: bytes) -> int: ...


def check(x):
    return isinstance(x, Sink)
