import os
import weakref
import weakref as _weakref


class Handle:
    # A parameter of `__init__` shadows the module there.
    def __init__(self, path, weakref=False):
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = _weakref.finalize(self, os.close, self.fd)
        self.weak = weakref


REFS = weakref.WeakSet()
