from abc import ABC, abstractmethod
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K")


class Repo(ABC, Generic[T]):
    @abstractmethod
    def get(self, ident: int) -> T: ...


class Index(Generic[K, T], ABC):
    @abstractmethod
    def lookup(self, key: K) -> T: ...


class Named(Repo[T], ABC):
    @abstractmethod
    def by_name(self, name: str) -> T: ...
