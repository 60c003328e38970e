from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass
class Record(ABC):
    ident: int

    @abstractmethod
    def save(self): ...
