from abc import ABC, abstractmethod
from typing import Protocol


class Interface(Protocol):
    @abstractmethod
    def run(self): ...


class Mixin(ABC):
    def helper(self):
        return 1
