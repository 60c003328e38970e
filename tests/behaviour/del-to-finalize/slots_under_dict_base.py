# A class with `__slots__` (no `__weakref__`) under a base without `__slots__`: the
# base gives its instances `__weakref__` and `__dict__`, so the finalizer is
# registered and stored. Collection, a reference cycle (on `gc.collect()`), an
# `__init__` that raises after acquiring, and interpreter shutdown all release once.
import gc

LOG = []


def release(name, _print=print):
    LOG.append("released " + name)
    if name == "at exit":
        _print("released at exit")


class Base:
    def __init__(self):
        self.opened = True


class Handle(Base):
    __slots__ = ("name", "fail")

    def __init__(self, name, fail=False):
        super().__init__()
        self.name = name
        if fail:
            raise ValueError("after acquiring")

    def __del__(self):
        release(self.name)


h = Handle("plain")
del h
print("after del:", LOG)

a = Handle("cycle")
a.peer = a  # stored in the `__dict__` the base gives
del a
print("before collect:", LOG)
gc.collect()
print("after collect:", LOG)

try:
    Handle("raising", fail=True)
except ValueError:
    # The traceback keeps the frame (and the half-built instance) alive until
    # the exception is cleared.
    pass
gc.collect()
print("after raise:", LOG)

survivor = Handle("at exit")
print("end of program")
