import dataclasses
import gc
import inspect
import typing

log = []


@typing.final
class Decorated:
    def __del__(self):
        log.append(1)


class Base:
    def __init__(self, x):
        self.x = x


class FromBase(Base):
    def __del__(self):
        log.append(1)


class WithNew:
    def __new__(cls):
        return super().__new__(cls)

    def __del__(self):
        log.append(1)


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    def __del__(self):
        log.append(1)


class Hooked:
    def __init_subclass__(cls):
        pass


class FromHooked(Hooked):
    def __del__(self):
        log.append(1)


class UsesSelf:
    def __del__(self):
        log.append(id(self))


class Collects:
    def __del__(self):
        gc.collect()


class Inspects:
    def __del__(self):
        log.append(inspect.stack())


class Raises:
    def __del__(self):
        try:
            1 / 0
        except ZeroDivisionError:
            raise


class Global:
    def __del__(self):
        log.append(1)


instance = Global()


class Parent:
    def __del__(self):
        log.append(1)


@dataclasses.dataclass
class DataChild(Parent):
    value: int = 0


class Muted:
    def __del__(self):
        log.append(1)


class Node:
    def __init__(self, info):
        self.info = info


class MutedNode(Muted, Node):
    pass


class Quiet:
    def __del__(self):
        log.append(1)


class QuietNode(Node, Quiet):
    pass
