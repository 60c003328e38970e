# Close delegation whose close method calls another plain method of the class
# (modelled on IPython's `Tee`: `close` calls `self.flush()`); that method's
# statements are inlined into the cleanup function. Checks explicit close then
# collection, collection without close, a reference cycle (cleanup at
# `gc.collect()`), an `__init__` that raises after acquiring, and an instance
# alive at interpreter exit. Unraisable errors go to stdout.
# `close_inline_helper.stdout` differs from the original's output in its last line
# only: the finalizer flushes and closes the instance alive at exit (at `atexit`);
# the original's `__del__` does not print there (module teardown).
import gc
import os
import sys
import tempfile


def unraisable(u):
    print("unraisable:", type(u.exc_value).__name__, u.exc_value)


sys.unraisablehook = unraisable


class Echo:
    def __init__(self, name):
        self.name = name

    def write(self, data):
        print(f"[{self.name}] {data}", end="")

    def flush(self):
        print(f"[{self.name}] flushed")


class LogFile:
    def __init__(self, path, echo, fail=False):
        self.file = open(path, "w", encoding="utf-8")
        self.echo = echo
        self._closed = False
        if fail:
            raise RuntimeError("init failed")

    def write(self, data):
        self.file.write(data)
        self.echo.write(data)

    def flush(self):
        """Flush both channels."""
        self.file.flush()
        self.echo.flush()

    def close(self):
        """Close the file."""
        self.flush()
        self.file.close()
        self._closed = True

    def __del__(self):
        if not self._closed:
            self.close()


tmp = tempfile.mkdtemp()


def contents(name):
    with open(os.path.join(tmp, name), encoding="utf-8") as f:
        return f.read()


a = LogFile(os.path.join(tmp, "a"), Echo("a"))
a.write("hello\n")
a.close()
print("a closed:", a._closed, a.file.closed, repr(contents("a")))
del a
gc.collect()
print("a collected")

b = LogFile(os.path.join(tmp, "b"), Echo("b"))
b.write("dropped\n")
f = b.file
del b
print("b dropped:", f.closed, repr(contents("b")))

c = LogFile(os.path.join(tmp, "c"), Echo("c"))
c.write("cycle\n")
c.cycle = c
f = c.file
del c
print("before collect:", f.closed)
gc.collect()
print("after collect:", f.closed, repr(contents("c")))

try:
    LogFile(os.path.join(tmp, "d"), Echo("d"), fail=True)
except RuntimeError as e:
    print("error:", e)
gc.collect()
print("d done")

kept = LogFile(os.path.join(tmp, "e"), Echo("e"))
kept.write("alive at exit\n")
print("exit with e alive")
