# Warn if unclosed on a dataclass (issue 14), adapted from anyio's memory object
# streams: the same ResourceWarning text and category when an unclosed instance is
# collected (by reference counting, or by `gc.collect()` in a cycle), none after
# `close()`, one when `__post_init__` raises after the registration point, and one
# at interpreter exit for an instance still alive: the finalizer runs at exit
# (`atexit`), while `__del__` ran during module teardown, after the warnings
# machinery was reset (with `-X dev` it printed the warning to stderr there), so
# the last line of `dataclass_warn.stdout` is new. Each warning's address is
# checked against `id()` of the instance expected to warn.
import gc
import re
import sys
import warnings
from dataclasses import dataclass, field

EXPECTED = {"id": None}


def show(message, category, filename, lineno, file=None, line=None):
    text = str(message)
    if EXPECTED["id"] is not None:
        text = text.replace(f" at {EXPECTED['id']:x}>", " at <the expected id>>")
    text = re.sub(r" at [0-9a-f]+>", " at <another id>>", text)
    print("warning:", category.__name__, text)
    sys.stdout.flush()


warnings.showwarning = show
warnings.simplefilter("always")


@dataclass(eq=False)
class State:
    open_channels: int = 0


@dataclass(eq=False)
class ReceiveStream:
    _state: State
    _closed: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self._state.open_channels += 1

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._state.open_channels -= 1

    def __del__(self) -> None:
        if not self._closed:
            warnings.warn(
                f"Unclosed <{self.__class__.__name__} at {id(self):x}>",
                ResourceWarning,
                stacklevel=1,
                source=self,
            )


@dataclass
class Handle:
    name: str
    closed: bool = field(default=False, init=False)

    def close(self):
        self.closed = True

    def __del__(self):
        if not self.closed:
            warnings.warn(f"{type(self).__qualname__} {self.name!r} was never closed", ResourceWarning)


state = State()
a = ReceiveStream(state)
EXPECTED["id"] = id(a)
a.close()
a.close()
del a
print("closed one dropped; open channels:", state.open_channels)

b = ReceiveStream(state)
EXPECTED["id"] = id(b)
print("open channels:", state.open_channels)
del b
print("unclosed one dropped")

c = ReceiveStream(state)
EXPECTED["id"] = id(c)
c.cycle = c
del c
print("cycle dropped")
gc.collect()
print("after collect")

EXPECTED["id"] = None
try:
    ReceiveStream(None)
except AttributeError as e:
    print("post_init raised:", type(e).__name__)
gc.collect()
print("after failed post_init")

h = Handle("h1")
del h
h = Handle("h2")
h.close()
del h

alive = ReceiveStream(state)
EXPECTED["id"] = id(alive)
print("exiting")
