# Issue 13, item 6: `FileSink` implements the interface `Sink`; `Both(FileSink, Base)`
# relies on a cooperative `super().__init__()` chain reaching `Base.__init__`. As a
# Protocol, `Sink` would stop that chain: `Base.__init__` would never run.
from abc import ABC, abstractmethod


class Sink(ABC):
    @abstractmethod
    def write(self, data: bytes) -> int: ...


class FileSink(Sink):
    def __init__(self, path, **kwargs):
        super().__init__(**kwargs)
        self.path = path

    def write(self, data: bytes) -> int:
        return len(data)


class Base:
    def __init__(self, **kwargs):
        super().__init__()
        self.ready = True


class Both(FileSink, Base):
    pass


# Listed last, the interface is only followed by classes without `__init__`: converted.
class Source(ABC):
    @abstractmethod
    def read(self) -> bytes: ...


class FileSource(Source):
    def read(self) -> bytes:
        return b""


class Logged(Base, FileSource):
    pass
