"""Generic[T] becomes Protocol[T]."""
from abc import ABC, abstractmethod
from typing import Dict, Generic, TypeVar

T = TypeVar("T")


class Repo(ABC, Generic[T]):
    @abstractmethod
    def get(self, ident: int) -> T: ...

    def get_many(self, idents):
        return [self.get(i) for i in idents]


class MemoryRepo(Repo[str]):
    def __init__(self):
        self.items: Dict[int, str] = {1: "one", 2: "two"}

    def get(self, ident):
        return self.items[ident]


class Broken(Repo[int]):
    pass


repo = MemoryRepo()
print(repo.get_many([1, 2]))
print(isinstance(repo, Repo))
print(Repo[int].__origin__ is Repo)
try:
    Broken()
except TypeError:
    print("Broken cannot be instantiated")
