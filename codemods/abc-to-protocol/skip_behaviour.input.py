from abc import ABC, abstractmethod


class WithInit(ABC):
    def __init__(self, name):
        self.name = name

    @abstractmethod
    def run(self): ...


class WithNew(ABC):
    def __new__(cls):
        return super().__new__(cls)

    @abstractmethod
    def run(self): ...


class WithInitSubclass(ABC):
    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)

    @abstractmethod
    def run(self): ...


class WithState(ABC):
    @abstractmethod
    def run(self): ...

    def reset(self):
        self.count = 0


class WithSlots(ABC):
    __slots__ = ("fd",)

    @abstractmethod
    def run(self): ...
