import abc

from pkg import DataSink
from pkg.sinks import Registered
from typing import Protocol, runtime_checkable


@runtime_checkable
class Buffered(DataSink, Protocol):
    @abc.abstractmethod
    def flush(self) -> None: ...


class Wrapped(Registered, abc.ABC):
    @abc.abstractmethod
    def unwrap(self): ...
