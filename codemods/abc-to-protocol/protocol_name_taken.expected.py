from abc import abstractmethod
from asyncio import Protocol
import typing


class Transport(typing.Protocol):
    @abstractmethod
    def send(self, data: bytes) -> None: ...


class Echo(Protocol):
    pass
