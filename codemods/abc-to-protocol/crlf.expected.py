from abc import abstractmethod
from typing import Protocol


class Port(Protocol):
    @abstractmethod
    def open(self): ...
