import abc
from abc import ABCMeta, abstractmethod


class Store(metaclass=ABCMeta):
    @abstractmethod
    def get(self, key): ...


class Cache(Store, metaclass=abc.ABCMeta):
    @abc.abstractmethod
    def evict(self, key): ...


class Spread(
    metaclass=ABCMeta,  # old style
):
    @abstractmethod
    def spread(self): ...
