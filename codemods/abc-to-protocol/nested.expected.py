import abc
from typing import Protocol, runtime_checkable


def make():
    @runtime_checkable
    class Local(Protocol):
        @abc.abstractmethod
        def run(self): ...

    return isinstance(object(), Local)


class Outer:
    class Inner(Protocol):
        @abc.abstractmethod
        def go(self): ...
