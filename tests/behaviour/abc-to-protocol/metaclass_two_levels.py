"""Issue 13 item 5, adapted from trio (trio/_abc.py, trio/_channel.py, trio/_util.py):
a metaclass derived from ABCMeta, two levels below the interface. Converting
`AsyncResource` to a Protocol would make defining `MemoryReceiveChannel` fail with
"metaclass conflict" at import; `Instrument` has no such subclass and converts."""
from abc import ABCMeta, abstractmethod
from typing import Generic, TypeVar

T = TypeVar("T")


class Final(ABCMeta):
    def __new__(cls, name, bases, namespace):
        for base in bases:
            if isinstance(base, Final):
                raise TypeError(f"{base.__qualname__} does not support subclassing")
        return super().__new__(cls, name, bases, namespace)


class NoPublicConstructor(Final):
    def __call__(cls, *args, **kwargs):
        raise TypeError(f"{cls.__qualname__} has no public constructor")

    def _create(cls, *args, **kwargs):
        return super().__call__(*args, **kwargs)


class AsyncResource(metaclass=ABCMeta):
    __slots__ = ()

    @abstractmethod
    def aclose(self): ...


class ReceiveChannel(AsyncResource, Generic[T]):
    __slots__ = ()

    @abstractmethod
    def receive(self) -> T: ...


class MemoryReceiveChannel(ReceiveChannel[T], metaclass=NoPublicConstructor):
    def __init__(self, items):
        self.items = list(items)

    def aclose(self):
        self.items.clear()

    def receive(self):
        return self.items.pop(0)


class Instrument(metaclass=ABCMeta):
    @abstractmethod
    def task_spawned(self, task) -> None: ...


class PrintingInstrument(Instrument):
    def task_spawned(self, task) -> None:
        print("spawned", task)


ch = MemoryReceiveChannel._create([1, 2])
print(ch.receive(), isinstance(ch, AsyncResource))
try:
    MemoryReceiveChannel([3])
except TypeError as e:
    print("TypeError:", e)
PrintingInstrument().task_spawned("t1")
