from abc import ABC, abstractmethod


class Sink(ABC):
    @abstractmethod
    def write(self, data: bytes) -> int:
        """Write data."""

    @property
    @abstractmethod  # keep this comment
    def closed(self) -> bool: ...
