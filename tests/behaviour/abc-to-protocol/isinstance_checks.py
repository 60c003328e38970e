"""isinstance / issubclass / match on the converted classes."""
from abc import ABC, abstractmethod


class Closer(ABC):
    @abstractmethod
    def close(self) -> None: ...


class Reader(ABC):
    @abstractmethod
    def read(self) -> bytes: ...


class File(Closer, Reader):
    def close(self):
        print("closed")

    def read(self):
        return b"data"


def describe(obj):
    match obj:
        case Reader():
            kind = "reader"
        case _:
            kind = "other"
    return kind, isinstance(obj, (Closer, int)), isinstance(obj, Reader)


for obj in (File(), 3, "text", None):
    print(type(obj).__name__, describe(obj))
print(issubclass(File, Closer), issubclass(int, Closer), issubclass(bool, (Reader, int)))
