# An attribute assigned in every branch of an `if`/`else` of `__init__` (modelled
# on IPython's `Tee`, without installing itself in `sys`), and a branch that raises.
# Checks collection, explicit close then collection, a reference cycle (cleanup at
# `gc.collect()`), an `__init__` that raises in a branch, and an instance alive at
# interpreter exit. Unraisable errors go to stdout.
# `branch_assigned.stdout` differs from the original's output in two places: the
# `__init__` that raised no longer reports `__del__`'s AttributeError on the
# half-initialised instance (nothing was registered: nothing runs), and the
# instance alive at exit is flushed and closed by the finalizer (at `atexit`).
import gc
import os
import sys
import tempfile


def unraisable(u):
    print("unraisable:", type(u.exc_value).__name__, u.exc_value)


sys.unraisablehook = unraisable


class Named:
    def __init__(self, name):
        self.name = name

    def write(self, data):
        pass

    def flush(self):
        print(f"flush {self.name}")

    def close(self):
        print(f"close {self.name}")


class LogFile:
    def __init__(self, file_or_name, mode="w"):
        if hasattr(file_or_name, "write"):
            self.file = file_or_name
        elif mode in ("w", "a"):
            self.file = open(file_or_name, mode, encoding="utf-8")
        else:
            raise ValueError(f"bad mode {mode}")
        self._closed = False

    def write(self, data):
        self.file.write(data)

    def flush(self):
        self.file.flush()

    def close(self):
        self.flush()
        self.file.close()
        self._closed = True

    def __del__(self):
        if not self._closed:
            self.close()


tmp = tempfile.mkdtemp()
path = os.path.join(tmp, "log.txt")

print("-- collection")
log = LogFile(Named("a"))
log.write("x")
del log
print("after del")

print("-- close then collection")
log = LogFile(Named("b"))
log.close()
print("closed")
del log
print("after del")

print("-- a file it opened")
log = LogFile(path)
log.write("hello")
f = log.file
del log
print("file closed:", f.closed, open(path, encoding="utf-8").read())

print("-- reference cycle")
log = LogFile(Named("c"))
log.me = log
del log
print("before collect")
gc.collect()
print("after collect")

print("-- __init__ raises in a branch")
try:
    LogFile(path, mode="r")
except ValueError as e:
    print("raised:", e)
gc.collect()
print("after collect")

print("-- alive at exit")
keep = LogFile(Named("d"))
print("end of program")
