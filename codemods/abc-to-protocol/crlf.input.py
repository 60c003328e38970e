from abc import ABC, abstractmethod


class Port(ABC):
    @abstractmethod
    def open(self): ...
