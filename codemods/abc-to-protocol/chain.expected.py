from abc import ABC, abstractmethod
from typing import Protocol


class Reader(Protocol):
    @abstractmethod
    def read(self) -> bytes: ...


class Seekable(Reader, Protocol):
    @abstractmethod
    def seek(self, pos: int) -> None: ...


class Stateful(ABC):
    def __init__(self):
        self.pos = 0

    @abstractmethod
    def tell(self) -> int: ...


class Positioned(Stateful, ABC):
    @abstractmethod
    def where(self) -> int: ...
