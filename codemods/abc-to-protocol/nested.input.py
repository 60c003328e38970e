import abc


def make():
    class Local(abc.ABC):
        @abc.abstractmethod
        def run(self): ...

    return isinstance(object(), Local)


class Outer:
    class Inner(abc.ABC):
        @abc.abstractmethod
        def go(self): ...
