"""Complete and incomplete explicit subclasses keep their behaviour."""
from abc import ABC, abstractmethod


class DataSink(ABC):
    """Anything that accepts bytes."""

    CHUNK = 4

    @abstractmethod
    def write(self, data: bytes) -> int: ...

    def write_all(self, chunks):
        return sum(self.write(c) for c in chunks)


class Complete(DataSink):
    def write(self, data):
        return len(data)


class Incomplete(DataSink):
    pass


def attempt(cls):
    try:
        obj = cls()
    except TypeError as e:
        print(cls.__name__, "TypeError", "abstract" in str(e) or "instantiate" in str(e))
        return None
    print(cls.__name__, "ok")
    return obj


c = attempt(Complete)
print(c.write_all([b"ab", b"cde"]), c.CHUNK, Complete.CHUNK)
attempt(Incomplete)
attempt(DataSink)
print(sorted(DataSink.__abstractmethods__))
print(isinstance(c, DataSink), isinstance(3, DataSink))
