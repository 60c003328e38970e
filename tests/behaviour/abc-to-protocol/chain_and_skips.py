"""A chain converted together, a skipped base with behaviour, register kept as ABC."""
from abc import ABC, abstractmethod


class Reader(ABC):
    @abstractmethod
    def read(self) -> bytes: ...


class Seekable(Reader, ABC):
    @abstractmethod
    def seek(self, pos: int) -> None: ...


class Counter(ABC):
    def __init__(self):
        self.count = 0

    @abstractmethod
    def step(self): ...


class Virtual(ABC):
    @abstractmethod
    def go(self): ...


class Buffer(Seekable):
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def read(self):
        return self.data[self.pos:]

    def seek(self, pos):
        self.pos = pos


class Half(Seekable):
    def read(self):
        return b""


class Steps(Counter):
    def step(self):
        self.count += 1
        return self.count


Virtual.register(int)

b = Buffer(b"hello")
b.seek(2)
print(b.read(), isinstance(b, Reader), isinstance(b, Seekable))
try:
    Half()
except TypeError:
    print("Half is abstract")
s = Steps()
s.step()
print(s.step(), isinstance(3, Virtual), isinstance("x", Virtual))
print([c.__name__ for c in Buffer.__mro__][:3])
