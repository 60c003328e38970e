from abc import abstractmethod
from typing import Protocol


class Shape(Protocol):
    @property
    @abstractmethod
    def area(self) -> float: ...

    @classmethod
    @abstractmethod
    def unit(cls) -> "Shape": ...

    @staticmethod
    @abstractmethod
    def kind() -> str: ...
