"""Issue 13 item 6: `Both(FileSink, Base)` where `FileSink` implements `Sink`.
`FileSink.__init__` calls `super().__init__()`, which must reach `Base.__init__`
through `Sink`; as a Protocol, `Sink` would end the chain and `Both().ready` would
not exist. `Source`, listed last in its subclass, converts."""
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


class Source(ABC):
    @abstractmethod
    def read(self) -> bytes: ...


class FileSource(Source):
    def read(self) -> bytes:
        return b"data"


class Logged(Base, FileSource):
    pass


b = Both("out.bin")
print(b.path, b.ready, b.write(b"abc"))
lg = Logged()
print(lg.ready, lg.read())
