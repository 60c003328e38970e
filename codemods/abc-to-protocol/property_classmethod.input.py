from abc import ABC, abstractmethod


class Shape(ABC):
    @property
    @abstractmethod
    def area(self) -> float: ...

    @classmethod
    @abstractmethod
    def unit(cls) -> "Shape": ...

    @staticmethod
    @abstractmethod
    def kind() -> str: ...
