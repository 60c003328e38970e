from abc import ABC, abstractmethod


class Interface(ABC):
    @abstractmethod
    def run(self): ...


class Mixin(ABC):
    def helper(self):
        return 1
