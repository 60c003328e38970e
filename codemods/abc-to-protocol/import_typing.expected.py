import abc
import typing


@typing.runtime_checkable
class Sizer(typing.Protocol):
    @abc.abstractmethod
    def size(self) -> int: ...


print(isinstance(1, Sizer))
