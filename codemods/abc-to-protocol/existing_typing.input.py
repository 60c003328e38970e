from abc import ABC, abstractmethod
from typing import Any, Optional


class Loader(ABC):
    @abstractmethod
    def load(self, name: str) -> Optional[Any]: ...


def is_loader(x) -> bool:
    return isinstance(x, Loader)
