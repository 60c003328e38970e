# A private module: its interfaces are not public, so no @runtime_checkable unless
# the project checks them.
from abc import abstractmethod
from typing import Protocol


class Backend(Protocol):
    @abstractmethod
    def fetch(self, key: str) -> bytes: ...

    name: str
