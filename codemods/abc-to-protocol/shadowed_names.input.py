# Issue 12: `Protocol` and `runtime_checkable` rebound at module level before the
# class. Reusing the `from typing import ...` names would make the class derive
# from the string "tcp" and decorate it with the module's own function.
from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable

Protocol = "tcp"


def runtime_checkable(cls):
    return cls


class Transport(ABC):
    @abstractmethod
    def send(self, data: bytes) -> None: ...


def accepts(obj) -> bool:
    return isinstance(obj, Transport)
