from abc import ABC, abstractmethod


class DataSink(ABC):
    @abstractmethod
    def write(self, data: bytes) -> int: ...


class Registered(ABC):
    @abstractmethod
    def write(self, data: bytes) -> int: ...


class Checked(ABC):
    @abstractmethod
    def check(self) -> bool: ...
