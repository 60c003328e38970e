import abc
import typing


class Sizer(abc.ABC):
    @abc.abstractmethod
    def size(self) -> int: ...


print(isinstance(1, Sizer))
