from abc import ABC, abstractmethod
from collections.abc import Iterable, Sized


class Bag(Iterable, Sized, ABC):
    @abstractmethod
    def add(self, item) -> None: ...
