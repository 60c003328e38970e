from abc import ABC, abstractmethod


class Named(ABC):
    label = "named"

    @abstractmethod
    def name(self) -> str: ...


class Runner(ABC):
    @abstractmethod
    def run(self) -> None: ...


def is_a(cls, kind):
    return issubclass(cls, kind)


KINDS = [Named, Runner]
