# Lazily created resources (adapted from fsspec's `FTPFileSystem._connect` and
# distributed's `ProgressBar.listen`): the attribute `__del__` releases is stored
# by methods, and the finalizer follows it. Checks: created lazily then collected;
# re-created twice (only the current one is released at collection, the old one is
# dropped at the rebind, as before); stored `None`; never created; a reference
# cycle (cleanup at `gc.collect()`); `__init__` raising before and after creating
# the resource; an instance alive at interpreter exit. Unraisable errors go to
# stdout, so an error a finalizer raised (or one `__del__` raised) shows.
# `lazy.stdout` differs from the original's output in three places, each
# documented in the README: (1) an unguarded `__del__` of an instance that never
# created its resource raised `AttributeError` (printed as ignored); there is no
# finalizer then, so nothing is printed; (2) in a reference cycle, `__del__` ran
# after the collector had cleared the resource's own weak references (its
# "freed" callback printed first); the finalizer keeps the resource alive until
# it has run, so "close" comes first; (3) at interpreter exit the finalizers run
# (`atexit`), where the original `__del__` did not.
import gc
import sys
import weakref
from contextlib import suppress


def unraisable(u):
    print("unraisable:", type(u.exc_value).__name__, u.exc_value)


sys.unraisablehook = unraisable


class Res:
    def __init__(self, name):
        self.name = name
        weakref.finalize(self, print, "freed", name)

    def close(self):
        print("close", self.name)

    def abort(self):
        print("abort", self.name)


class Conn:
    def __init__(self, name=None, fail_before=False, fail_after=False):
        if fail_before:
            raise RuntimeError("before")
        if name is not None:
            self._connect(name)
        if fail_after:
            raise RuntimeError("after")

    def _connect(self, name):
        self.res = Res(name)
        print("connected", self.res.name)

    def disconnect(self):
        self.res = None

    def __del__(self):
        self.res.close()


class Bar:
    def __init__(self):
        self.peer = None

    def listen(self, name):
        self.comm = Res(name)

    def __del__(self):
        with suppress(AttributeError):
            self.comm.abort()


c = Conn("a")
del c
print("-- a dropped")

c = Conn()
c._connect("b1")
c._connect("b2")
print("-- reconnected")
c._connect("b3")
del c
print("-- b dropped")

c = Conn("n")
c.disconnect()
print("-- disconnected")
del c
print("-- n dropped")

b = Bar()
del b
print("-- never listened")
b = Bar()
b.listen("l1")
b.listen("l2")
del b
print("-- listened twice")

c = Conn("cycle")
c.me = c
del c
print("-- before collect")
gc.collect()
print("-- after collect")

for kw in ({"fail_before": True}, {"name": "f", "fail_after": True}):
    try:
        Conn(**kw)
    except RuntimeError as e:
        print("error:", e)
    gc.collect()
print("-- failed inits")

c = Conn()
del c
print("-- never connected")

keep = Conn("kept")
keep2 = Bar()
keep2.listen("kept2")
print("-- exit with kept alive")
