from abc import abstractmethod as abstract
from typing import Protocol


class Clock(Protocol):
    @abstract
    def now(self) -> float: ...
