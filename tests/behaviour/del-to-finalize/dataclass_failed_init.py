# A dataclass whose generated `__init__` raises before `__post_init__` (a missing
# argument): `__del__` still ran on the half-built instance and, reading the class
# attribute `_closed = False` that `@dataclass` leaves for the field's default,
# warned "Unclosed" about an instance that never opened anything (`__post_init__`,
# which counts the open channel, never ran). The finalizer is registered in
# `__post_init__`, so that warning is gone: `dataclass_failed_init.stdout` has no
# warning line. A `__post_init__` that raises after the registration point still
# warns (see `dataclass_warn.py`).
import gc
import sys
import warnings
from dataclasses import dataclass, field


def show(message, category, filename, lineno, file=None, line=None):
    print("warning:", category.__name__, str(message).split(" at ")[0])
    sys.stdout.flush()


warnings.showwarning = show
warnings.simplefilter("always")


@dataclass(eq=False)
class State:
    open_channels: int = 0


@dataclass(eq=False)
class SendStream:
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


try:
    SendStream()
except TypeError:
    print("__init__ raised TypeError")
gc.collect()
print("done")
