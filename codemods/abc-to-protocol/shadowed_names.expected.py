# Issue 12: `Protocol` and `runtime_checkable` rebound at module level before the
# class. Reusing the `from typing import ...` names would make the class derive
# from the string "tcp" and decorate it with the module's own function.
from abc import abstractmethod
from typing import Protocol, runtime_checkable
import typing

Protocol = "tcp"


def runtime_checkable(cls):
    return cls


@typing.runtime_checkable
class Transport(typing.Protocol):
    @abstractmethod
    def send(self, data: bytes) -> None: ...


def accepts(obj) -> bool:
    return isinstance(obj, Transport)
