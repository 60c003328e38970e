from abc import (  # the abc imports
    ABC,  # base class
    abstractmethod,
)


class Handler(  # an interface
    ABC,  # marks it abstract
):
    @abstractmethod
    def handle(self, event): ...


# A comment above a decorated class.
@some_decorator  # trailing
class Listener(ABC):  # header comment
    @abstractmethod
    def listen(self): ...


def some_decorator(c):
    return c


def check(x):
    return isinstance(x, Listener)
