from abc import ABC, abstractmethod


class Sink(ABC):
    @abstractmethod
    def write(self, data): ...


class Source(ABC):
    @abstractmethod
    def read(self): ...


class Base:
    def __init__(self, x):
        self.x = x


class FileSink(Sink, Base):
    def __init__(self, x):
        super().__init__(x)

    def write(self, data):
        return len(data)


class Duplex(Source, Sink):
    def read(self):
        return b""

    def write(self, data):
        return 0
