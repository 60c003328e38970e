# `__slots__` without `__weakref__` says "cannot be weakly referenced" only when that
# is true: a base without `__slots__` gives the instances `__weakref__` and
# `__dict__` (CPython adds both to a class statement without `__slots__`), so the
# finalizer can be registered and stored; a base sturdy cannot see into is named.
import os
import threading
import weakref


class Base:
    def __init__(self):
        self.opened = True


class Handle(Base):
    __slots__ = ("path",)

    def __init__(self, path):
        super().__init__()
        self.path = path
        self._finalizer = weakref.finalize(self, os.remove, self.path)


class Worker(threading.Thread):
    __slots__ = ("path",)

    def __init__(self, path):
        super().__init__()
        self.path = path

    def __del__(self):
        os.remove(self.path)


class Bare:
    __slots__ = ("path",)

    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)
