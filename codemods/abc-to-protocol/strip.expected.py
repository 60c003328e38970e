from abc import abstractmethod
from typing import Protocol


class Sink(Protocol):
    def write(self, data: bytes) -> int:
        """Write data."""

    @property
    @abstractmethod  # keep this comment
    def closed(self) -> bool: ...
