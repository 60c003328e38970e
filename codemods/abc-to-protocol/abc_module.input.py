import abc


class Reader(abc.ABC):
    @abc.abstractmethod
    def read(self, n: int = -1) -> bytes:
        """Read up to n bytes."""
