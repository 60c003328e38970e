"""Abstract properties, classmethods and staticmethods."""
import abc


class Shape(metaclass=abc.ABCMeta):
    @property
    @abc.abstractmethod
    def area(self) -> float: ...

    @classmethod
    @abc.abstractmethod
    def unit(cls): ...

    @staticmethod
    @abc.abstractmethod
    def kind() -> str: ...

    def describe(self):
        return f"{self.kind()} of area {self.area}"


class Square(Shape):
    def __init__(self, side):
        self.side = side

    @property
    def area(self):
        return self.side * self.side

    @classmethod
    def unit(cls):
        return cls(1)

    @staticmethod
    def kind():
        return "square"


class NoArea(Shape):
    @classmethod
    def unit(cls):
        return cls()

    @staticmethod
    def kind():
        return "?"


print(Square(3).describe(), Square.unit().area)
try:
    NoArea.unit()
except TypeError:
    print("NoArea is abstract")
print(isinstance(Square(2), Shape), isinstance(object(), Shape))
