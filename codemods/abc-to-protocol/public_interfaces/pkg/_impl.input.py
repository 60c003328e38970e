# A private module: its interfaces are not public, so no @runtime_checkable unless
# the project checks them.
from abc import ABC, abstractmethod


class Backend(ABC):
    @abstractmethod
    def fetch(self, key: str) -> bytes: ...

    name: str
