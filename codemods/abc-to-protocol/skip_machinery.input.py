from abc import ABC, abstractmethod


class Hashable(ABC):
    @abstractmethod
    def __hash__(self): ...

    @classmethod
    def __subclasshook__(cls, C):
        return NotImplemented


class Cached(ABC):
    @abstractmethod
    def get(self): ...

    @classmethod
    def reset(cls):
        cls._abc_cache.clear()
