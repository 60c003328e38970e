# Close delegation inside `try: ... except ...: pass` (issue 14): errors of the
# cleanup at collection stay silent (as `__del__` kept them), errors of an explicit
# `close()` still reach the caller. Unraisable errors are printed to stdout so that
# a finalizer that let them through would change the output. Also: a reference
# cycle (cleanup at `gc.collect()`), an `__init__` that raises after acquiring,
# an error type the handler does not catch, and an instance alive at exit.
import gc
import sys


def unraisable(u):
    print("unraisable:", type(u.exc_value).__name__, u.exc_value)


sys.unraisablehook = unraisable


def excepthook(t, v, tb):
    print("excepthook:", t.__name__, v)


sys.excepthook = excepthook


class Resource:
    def __init__(self, name, error=None):
        self.name = name
        self.error = error

    def close(self):
        print("released", self.name)
        if self.error is not None:
            raise self.error(self.name)


class Client:
    def __init__(self, name, error=None, fail=False):
        self._closed = False
        self._res = Resource(name, error)
        if fail:
            raise RuntimeError("init failed")

    def __del__(self):
        try:
            self.close()
        except OSError:
            pass

    def close(self):
        if self._closed:
            return
        self._res.close()
        self._closed = True


a = Client("a", OSError)
try:
    a.close()
except OSError as e:
    print("explicit close raised:", e)
del a
gc.collect()
print("a collected")

b = Client("b", OSError)
del b
print("b dropped quietly")

c = Client("c", OSError)
c.cycle = c
del c
print("before collect")
gc.collect()
print("after collect")

d = Client("d", ValueError)
del d
print("d dropped: its ValueError was not swallowed")

try:
    Client("e", OSError, fail=True)
except RuntimeError as e:
    print("error:", e)
gc.collect()
print("e done")

f = Client("f")
f.close()
f.close()
del f
print("f closed twice, then dropped")

# Hooks defined here would keep this module's globals alive past the point where
# `__del__` runs at exit: restore the default ones.
sys.unraisablehook = sys.__unraisablehook__
sys.excepthook = sys.__excepthook__
kept = Client("g", OSError)
print("exit with g alive")
