# A dataclass flag's value before `close()` is the class attribute `@dataclass`
# leaves with the field's default; a store on an object sturdy cannot type (here the
# class itself) may change it.
import warnings
from dataclasses import dataclass, field


# The class attribute holding the flag's default is rebound: its value is unknown.
@dataclass
class ClassFlag:
    _closed: bool = field(init=False, default=False)

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed", ResourceWarning)


ClassFlag._closed = True
