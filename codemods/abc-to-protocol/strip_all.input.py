import abc


class Sink(abc.ABC):
    @abc.abstractmethod
    def write(self, data: bytes) -> int: ...
