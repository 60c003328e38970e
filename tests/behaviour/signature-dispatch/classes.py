"""Classes, dataclasses and from_dict constructors."""
from dataclasses import dataclass


class Point:
    def __init__(self, x, y=0):
        self.x, self.y = x, y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    @classmethod
    def from_dict(cls, data):
        return cls(**data)


@dataclass
class Event:
    name: str
    level: int = 1


def build(kind, payload):
    return kind(**payload)


def show(kind, payload):
    try:
        return build(kind, payload)
    except TypeError as error:
        return f"TypeError: {error}"


print(show(Point, {"x": 1, "y": 2}))
print(show(Point, {"x": 1, "y": 2, "z": 3}))
try:
    print(Point.from_dict({"x": 5, "color": "red"}))
except TypeError as error:
    print(f"TypeError: {error}")
print(show(Event, {"name": "boot", "host": "a"}))
print(show(Event, {"level": 3}))
