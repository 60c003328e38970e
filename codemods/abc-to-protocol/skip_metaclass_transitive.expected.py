# Adapted from trio 0.27 (trio/_abc.py, trio/_channel.py, trio/_util.py): the
# metaclass is declared two levels below the interface. Once `AsyncResource` is a
# Protocol, `MemoryReceiveChannel`'s metaclass must derive from `typing._ProtocolMeta`,
# and defining it fails with "metaclass conflict".
from abc import ABCMeta, abstractmethod
from typing import Generic, TypeVar, Protocol

import somewhere_else

ReceiveType = TypeVar("ReceiveType")


class Final(ABCMeta):
    def __new__(cls, name, bases, cls_namespace):
        for base in bases:
            if isinstance(base, Final):
                raise TypeError(f"{base.__qualname__} does not support subclassing")
        return super().__new__(cls, name, bases, cls_namespace)


class NoPublicConstructor(Final):
    def __call__(cls, *args, **kwargs):
        raise TypeError(f"{cls.__qualname__} has no public constructor")

    def _create(cls, *args, **kwargs):
        return super().__call__(*args, **kwargs)


class AsyncResource(metaclass=ABCMeta):
    __slots__ = ()

    @abstractmethod
    async def aclose(self): ...


class ReceiveChannel(AsyncResource, Generic[ReceiveType]):
    __slots__ = ()

    @abstractmethod
    async def receive(self) -> ReceiveType: ...


class MemoryReceiveChannel(ReceiveChannel[ReceiveType], metaclass=NoPublicConstructor):
    async def aclose(self):
        pass

    async def receive(self):
        return None


# A metaclass sturdy cannot resolve, two levels down.
class Clock(metaclass=ABCMeta):
    @abstractmethod
    def current_time(self) -> float: ...


class SteppedClock(Clock):
    pass


class MockClock(SteppedClock, metaclass=somewhere_else.Meta):
    def current_time(self) -> float:
        return 0.0


# `metaclass=type` below the interface is compatible with `Protocol`'s metaclass.
class Instrument(Protocol):
    @abstractmethod
    def task_spawned(self, task) -> None: ...


class BaseInstrument(Instrument):
    pass


class PrintingInstrument(BaseInstrument, metaclass=type):
    def task_spawned(self, task) -> None:
        print(task)
