# Warn if unclosed on dataclasses (issue 14), adapted from anyio's memory object
# streams (anyio/streams/memory.py, 4.x): the generated `__init__` sets the fields
# and calls `__post_init__`, where the finalizer is registered (at its start, or in
# a new `__post_init__`). The class name and `id(self)` in the message are fixed for
# the instance's lifetime: evaluated at registration and passed to the finalizer.
from __future__ import annotations

import dataclasses
import warnings
from dataclasses import dataclass, field
import weakref


@dataclass(eq=False)
class _State:
    open_channels: int = field(init=False, default=0)


@dataclass(eq=False)
class ReceiveStream:
    _state: _State
    _closed: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self._finalizer = weakref.finalize(self, __class__._finalize, id(self), self.__class__.__name__)
        self._state.open_channels += 1

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._finalizer.detach()
            self._state.open_channels -= 1

    @staticmethod
    def _finalize(self_id, class_name) -> None:
        warnings.warn(
            f"Unclosed <{class_name} at {self_id:x}>",
            ResourceWarning,
            stacklevel=1,
        )


# No `__post_init__`: one is added; `type(self).__qualname__`, keywords in any order.
@dataclasses.dataclass
class Handle:
    name: str
    closed: bool = field(default=False, init=False)

    def close(self):
        self.closed = True
        self._finalizer.detach()

    @staticmethod
    def _finalize(name, class_qualname):
        warnings.warn(f"{class_qualname} {name!r} was never closed", ResourceWarning)

    def __post_init__(self):
        self._finalizer = weakref.finalize(self, __class__._finalize, self.name, type(self).__qualname__)

    def __repr__(self):
        return f"Handle({self.name!r})"


# A plain class reads the class name too.
class Plain:
    def __init__(self):
        self._open = True
        self._finalizer = weakref.finalize(self, Plain._finalize, type(self).__name__)

    def close(self):
        self._open = False
        self._finalizer.detach()

    @staticmethod
    def _finalize(class_name):
        warnings.warn("unclosed " + class_name, ResourceWarning)
