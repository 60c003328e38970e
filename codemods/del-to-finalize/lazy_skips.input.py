# Lazily created resources the finalizer cannot follow: each class keeps `__del__`
# with the reason.
import collections
import typing
import threading


class _BasePool:
    def __init__(self):
        self.conns = collections.deque()


# Adapted from pymongo (pymongo/synchronous/pool.py): the base's `__init__` stores
# the attribute first, `_reset` rebinds it through a tuple unpacking.
class Pool(_BasePool):
    def __init__(self):
        super().__init__()
        self.lock = threading.Lock()

    def _reset(self):
        sockets, self.conns = self.conns, collections.deque()
        for s in sockets:
            s.close()

    def __del__(self):
        for conn in self.conns:
            conn.close()


class Tupled:
    def _reset(self):
        old, self.conns = self.conns, []

    def __del__(self):
        for conn in self.conns:
            conn.close()


class Deleted:
    def open(self):
        self.fh = open("/dev/null")

    def forget(self):
        del self.fh

    def __del__(self):
        self.fh.close()


# Adapted from filelock (filelock/_async_lock/_backends.py).
class TwoAttrs:
    def __init__(self):
        self._creator_pid = 1

    def _bind(self, executor):
        self._owns_executor = executor is None

    def __del__(self):
        if getattr(self, "_owns_executor", False) and self._creator_pid:
            self._executor.shutdown(wait=False)


class Untyped:
    def open(self):
        self.sock = object()

    def __del__(self):
        self.sock.close()


def swap(obj, sock):
    obj.sock = sock


class Overridden:
    def connect(self):
        self.conn = object()

    def __del__(self):
        self.conn.close()


class SubOverridden(Overridden):
    def connect(self):
        pass


class BuiltFromSelf:
    def connect(self):
        self.conn = Connection(self)

    def __del__(self):
        self.conn.close()


class BoundMethod:
    def connect(self):
        self.cb = self.on_event

    def on_event(self):
        pass

    def __del__(self):
        self.cb()


class Nested:
    def start(self):
        def later():
            self.timer = threading.Timer(1, print)

        later()

    def __del__(self):
        self.timer.cancel()


class Guarded:
    def __init__(self):
        self._closed = False

    def open(self):
        self.fh = open("/dev/null")

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            self.fh.close()


class Slotted:
    __slots__ = ("fh", "__weakref__")

    def open(self):
        self.fh = open("/dev/null")

    def __del__(self):
        self.fh.close()


class OneLine:
    def open(self):
        if True: self.fh = open("/dev/null")

    def __del__(self):
        self.fh.close()


class Shadowed:
    def open(self):
        self.fh = open("/dev/null")

    def __del__(self):
        self.fh.close()


class SubShadowed(Shadowed):
    @property
    def fh(self):
        return None


@typing.final
class Decorated:
    path: str

    def open(self):
        self.fh = open(self.path)

    def __del__(self):
        self.fh.close()


class ExternalBase(threading.Thread):
    def start_work(self):
        self.fh = open("/dev/null")

    def __del__(self):
        self.fh.close()


class SetState:
    def open(self):
        self.fh = open("/dev/null")

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __del__(self):
        self.fh.close()


class DescriptorBase:
    fh = property(lambda self: self._fh, lambda self, v: setattr(self, "_fh", v))


class ViaDescriptor(DescriptorBase):
    def open(self):
        self.fh = open("/dev/null")

    def __del__(self):
        self.fh.close()
