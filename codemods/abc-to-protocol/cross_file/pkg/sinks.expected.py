from abc import ABC, abstractmethod
from typing import Protocol, runtime_checkable


@runtime_checkable
class DataSink(Protocol):
    @abstractmethod
    def write(self, data: bytes) -> int: ...


class Registered(ABC):
    @abstractmethod
    def write(self, data: bytes) -> int: ...


@runtime_checkable
class Checked(Protocol):
    @abstractmethod
    def check(self) -> bool: ...
