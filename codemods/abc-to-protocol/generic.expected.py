from abc import abstractmethod
from typing import TypeVar, Protocol

T = TypeVar("T")
K = TypeVar("K")


class Repo(Protocol[T]):
    @abstractmethod
    def get(self, ident: int) -> T: ...


class Index(Protocol[K, T]):
    @abstractmethod
    def lookup(self, key: K) -> T: ...


class Named(Repo[T], Protocol):
    @abstractmethod
    def by_name(self, name: str) -> T: ...
