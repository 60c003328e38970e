"""Sinks."""
from abc import ABC, abstractmethod


class DataSink(ABC):
    """Anything that accepts bytes."""

    CHUNK = 4096  # class constant

    @abstractmethod
    def write(self, data: bytes) -> int: ...

    def write_all(self, chunks):
        # a helper that implementations inherit
        return sum(self.write(c) for c in chunks)
