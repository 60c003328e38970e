from abc import ABC, abstractmethod


class Sink(ABC):
    @abstractmethod
    def write(self, data: bytes) -> int: ...


def check(x):
    return isinstance(x, Sink)
