# Stores in `__del__` that cannot be dropped.
import os


class ReadAgain:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        self.fd = None
        os.close(self.fd)


class Slotted:
    __slots__ = ("fd", "__weakref__")

    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)
        self.closed = True


class Watched:
    def __setattr__(self, name, value):
        print("set", name)
        object.__setattr__(self, name, value)


class WatchedSub(Watched):
    def __init__(self, path):
        object.__setattr__(self, "fd", os.open(path, os.O_RDONLY))

    def __del__(self):
        os.close(self.fd)
        self.fd = None


class WithProperty:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    @property
    def closed(self):
        return False

    @closed.setter
    def closed(self, value):
        print("closed")

    def __del__(self):
        os.close(self.fd)
        self.closed = True


class NotConstant:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)
        self.fd = make()


class Nothing:
    def __init__(self, path):
        self.fd = path

    def __del__(self):
        fd = self.fd
        self.fd = None


class TwoTargets:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)
        self.fd = self.buffer = None


class EmptiedBlock:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        if self.fd is not None:
            os.close(self.fd)
        else:
            self.fd = None


class InLoop:
    def __init__(self, fds):
        self.fds = fds

    def __del__(self):
        for fd in self.fds:
            os.close(fd)
            self.closed = True


class PassedOn:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        self.fd = None
        release(self)


class GetattrAfter:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)
        self.fd = None
        print(getattr(self, "fd", None))
