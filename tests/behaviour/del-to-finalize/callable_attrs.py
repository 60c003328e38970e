# `__del__` calls attributes that hold callables stored in `__init__` (adapted
# from IPython's tclass.py: `self.p = print`, `self.flush_stdout =
# sys.stdout.flush`). Checks collection by reference count, a reference cycle
# (cleanup at `gc.collect()`), an `__init__` that raises after storing them, and
# an instance alive at interpreter exit. `callable_attrs.stdout` differs from the
# original's output in its last line only: the finalizer runs for the instance
# alive at exit (at `atexit`); the original's `__del__` prints nothing there.
import gc
import sys


def unraisable(u):
    print("unraisable:", type(u.exc_value).__name__, u.exc_value)


sys.unraisablehook = unraisable


class C(object):
    def __init__(self, name, fail=False):
        self.name = name
        self.p = print
        self.flush_stdout = sys.stdout.flush
        if fail:
            raise RuntimeError("init failed")

    def __del__(self):
        self.p("tclass.py: deleting object:", self.name)
        self.flush_stdout()


first = C("C-first")
print("ARGV 1-: ['C-first']")
first = C("C-second")
print("replaced C-first")
gc.collect(0)

cyc = C("cycle")
cyc.me = cyc
del cyc
print("before collect")
gc.collect()
print("after collect")

try:
    C("failing", fail=True)
except RuntimeError as e:
    print("error:", e)
gc.collect()

print("exit with C-second alive")
