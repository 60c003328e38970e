# Close delegation where the close method rebinds its own resource attribute
# (adapted from trio's `_FdHolder`: the fd is set to -1 when closed and `closed`
# is a property over it). Real pipe fds; checks explicit close then collection,
# a second close, collection without close, a reference cycle (cleanup at
# `gc.collect()`), an `__init__` that raises before and after acquiring, and an
# instance alive at interpreter exit. Unraisable errors go to stdout, so an
# error a finalizer raised (or one `__del__` raised) shows in the output.
# `close_rebinds.stdout` differs from the original's output in its last line only:
# the original's `__del__` does not restore the fd at interpreter exit (module
# globals are gone by then), the finalizer does (it runs at `atexit`).
import gc
import os
import sys


def unraisable(u):
    print("unraisable:", type(u.exc_value).__name__, u.exc_value)


sys.unraisablehook = unraisable


def is_open(fd):
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


class _FdHolder:
    fd: int

    def __init__(self, fd: int, fail=False) -> None:
        # make sure self.fd is always initialized to *something*, because even
        # if we error out here then __del__ will run and access it.
        self.fd = -1
        if not isinstance(fd, int):
            raise TypeError("file descriptor must be an int")
        self.fd = fd
        self._original_is_blocking = os.get_blocking(fd)
        os.set_blocking(fd, False)
        if fail:
            raise RuntimeError("init failed")

    @property
    def closed(self) -> bool:
        return self.fd == -1

    def _raw_close(self) -> None:
        if self.closed:
            return
        fd = self.fd
        self.fd = -1
        print("restoring blocking mode", os.get_blocking(fd), "->", self._original_is_blocking)
        os.set_blocking(fd, self._original_is_blocking)
        os.close(fd)

    def __del__(self) -> None:
        self._raw_close()

    def close(self) -> None:
        if not self.closed:
            print("notify closing")
            self._raw_close()


r, w = os.pipe()
a = _FdHolder(r)
a.close()
print("a closed:", a.closed, a.fd, is_open(r))
a.close()
a._raw_close()
del a
gc.collect()
print("a collected")

b = _FdHolder(w)
del b
print("b dropped:", is_open(w))

r, w = os.pipe()
c = _FdHolder(r)
c.cycle = c
del c
print("before collect:", is_open(r))
gc.collect()
print("after collect:", is_open(r))

try:
    _FdHolder("not an fd")
except TypeError as e:
    print("error:", e)
gc.collect()

try:
    _FdHolder(w, fail=True)
except RuntimeError as e:
    print("error:", e)
gc.collect()
print("w after failed init:", is_open(w))

r, w = os.pipe()
kept = _FdHolder(r)
os.close(w)
print("exit with kept alive")
