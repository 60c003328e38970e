from abc import ABC, abstractmethod
from asyncio import Protocol


class Transport(ABC):
    @abstractmethod
    def send(self, data: bytes) -> None: ...


class Echo(Protocol):
    pass
