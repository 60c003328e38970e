from abc import ABC, abstractmethod


class BaseStore:
    def close(self):
        pass


class Store(BaseStore, ABC):
    @abstractmethod
    def get(self, key): ...


class External(SomethingUnknown, ABC):
    @abstractmethod
    def run(self): ...
