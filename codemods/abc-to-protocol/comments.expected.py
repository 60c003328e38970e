from abc import (  # the abc imports
    # base class
    abstractmethod,
)
from typing import Protocol, runtime_checkable


class Handler(  # an interface
    Protocol,  # marks it abstract
):
    @abstractmethod
    def handle(self, event): ...


# A comment above a decorated class.
@runtime_checkable
@some_decorator  # trailing
class Listener(Protocol):  # header comment
    @abstractmethod
    def listen(self): ...


def some_decorator(c):
    return c


def check(x):
    return isinstance(x, Listener)
