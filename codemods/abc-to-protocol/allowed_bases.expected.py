from abc import abstractmethod
from collections.abc import Iterable, Sized
from typing import Protocol


class Bag(Iterable, Sized, Protocol):
    @abstractmethod
    def add(self, item) -> None: ...
