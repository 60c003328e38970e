import abc
from abc import abstractmethod
from typing import Protocol


class Store(Protocol):
    @abstractmethod
    def get(self, key): ...


class Cache(Store, Protocol):
    @abc.abstractmethod
    def evict(self, key): ...


class Spread(
    Protocol,  # old style
):
    @abstractmethod
    def spread(self): ...
