# Warn if unclosed on dataclasses (issue 14), adapted from anyio's memory object
# streams (anyio/streams/memory.py, 4.x): the generated `__init__` sets the fields
# and calls `__post_init__`, where the finalizer is registered (at its start, or in
# a new `__post_init__`). The class name and `id(self)` in the message are fixed for
# the instance's lifetime: evaluated at registration and passed to the finalizer.
from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field


@dataclass(eq=False)
class _State:
    open_channels: int = field(init=False, default=0)


@dataclass(eq=False)
class ReceiveStream:
    _state: _State
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


# No `__post_init__`: one is added; `type(self).__qualname__`, keywords in any order.
@dataclasses.dataclass
class Handle:
    name: str
    closed: bool = field(default=False, init=False)

    def close(self):
        self.closed = True

    def __del__(self):
        if not self.closed:
            warnings.warn(f"{type(self).__qualname__} {self.name!r} was never closed", ResourceWarning)

    def __repr__(self):
        return f"Handle({self.name!r})"


# A plain class reads the class name too.
class Plain:
    def __init__(self):
        self._open = True

    def close(self):
        self._open = False

    def __del__(self):
        if self._open:
            warnings.warn("unclosed " + type(self).__name__, ResourceWarning, source=self)
