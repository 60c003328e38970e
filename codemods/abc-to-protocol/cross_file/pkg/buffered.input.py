import abc

from pkg import DataSink
from pkg.sinks import Registered


class Buffered(DataSink, abc.ABC):
    @abc.abstractmethod
    def flush(self) -> None: ...


class Wrapped(Registered, abc.ABC):
    @abc.abstractmethod
    def unwrap(self): ...
