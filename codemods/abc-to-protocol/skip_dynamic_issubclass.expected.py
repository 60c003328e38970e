from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable


class Named(ABC):
    label = "named"

    @abstractmethod
    def name(self) -> str: ...


@runtime_checkable
class Runner(Protocol):
    @abstractmethod
    def run(self) -> None: ...


def is_a(cls, kind):
    return issubclass(cls, kind)


KINDS = [Named, Runner]
