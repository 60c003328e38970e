from abc import ABC, abstractmethod


class Configurable(ABC):
    name: str = "default"

    @abstractmethod
    def configure(self): ...


class Sized(ABC):
    @property
    @abstractmethod
    def size(self) -> int: ...


class Callable(ABC):
    @abstractmethod
    def __call__(self): ...


def check(cls):
    return issubclass(cls, (Configurable, Sized, Callable))
