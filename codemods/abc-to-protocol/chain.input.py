from abc import ABC, abstractmethod


class Reader(ABC):
    @abstractmethod
    def read(self) -> bytes: ...


class Seekable(Reader, ABC):
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
