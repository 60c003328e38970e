from abc import ABC, abstractmethod
from asyncio import Protocol

typing = None


class Transport(ABC):
    @abstractmethod
    def send(self, data: bytes) -> None: ...
