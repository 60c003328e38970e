from abc import abstractmethod
from typing import Any, Optional, Protocol, runtime_checkable


@runtime_checkable
class Loader(Protocol):
    @abstractmethod
    def load(self, name: str) -> Optional[Any]: ...


def is_loader(x) -> bool:
    return isinstance(x, Loader)
