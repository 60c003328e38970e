# A redundant `__del__` (the class registers its finalizer already), an `id(self)`
# registry and a `str` subclass: all convert, and behave the same.
import gc
import weakref

LOG = []


def release(name):
    LOG.append("released " + name)


class Handle:
    def __init__(self, name):
        self.name = name
        self._finalizer = weakref.finalize(self, release, self.name)

    def close(self):
        self._finalizer()

    def __del__(self):
        self._finalizer()


_REGISTRY = {}


class Registered:
    def __init__(self, name):
        _REGISTRY[id(self)] = name

    def __del__(self):
        _REGISTRY.pop(id(self), None)


class Name(str):
    def __init__(self, value):
        self.label = value.upper()

    def __del__(self):
        release(self.label)


h = Handle("h")
h.close()
del h
g = Handle("g")
del g
r = Registered("r")
print("registered:", sorted(_REGISTRY.values()))
del r
gc.collect()
print("registered after:", sorted(_REGISTRY.values()))
n = Name("n")
del n
gc.collect()
print(LOG)
