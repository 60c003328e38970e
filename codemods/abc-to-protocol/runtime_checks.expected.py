from abc import abstractmethod
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Closer(Protocol):
    @abstractmethod
    def close(self) -> None: ...


@runtime_checkable
class Flusher(Protocol):
    @abstractmethod
    def flush(self) -> None: ...


@runtime_checkable
class Matcher(Protocol):
    @abstractmethod
    def match(self, s: str) -> bool: ...


class Plain(Protocol):
    @abstractmethod
    def plain(self) -> None: ...


@runtime_checkable
class Passed(Protocol):
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
