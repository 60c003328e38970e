from abc import ABC, abstractmethod
from typing import Any


class Closer(ABC):
    @abstractmethod
    def close(self) -> None: ...


class Flusher(ABC):
    @abstractmethod
    def flush(self) -> None: ...


class Matcher(ABC):
    @abstractmethod
    def match(self, s: str) -> bool: ...


class Plain(ABC):
    @abstractmethod
    def plain(self) -> None: ...


class Passed(ABC):
    @abstractmethod
    def passed(self) -> None: ...


_CLEANUP = (Flusher, int)


def cleanup(obj: Any, p: Plain) -> None:
    if isinstance(obj, (Closer, str)):
        obj.close()
    if isinstance(obj, _CLEANUP):
        obj.flush()
    match obj:
        case Matcher():
            pass
    register_kind(Passed)


def register_kind(kind):
    return kind
