import abc
from typing import Protocol


class Reader(Protocol):
    @abc.abstractmethod
    def read(self, n: int = -1) -> bytes:
        """Read up to n bytes."""
