# `weakref` imported at module level from another module, or possibly bound by a
# star import: neither is the standard library's module, so the registration
# imports it under a free name (a star import binds no `_`-prefixed name).
import os

from compat import weakref
from helpers import *
import weakref as _weakref


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = _weakref.finalize(self, os.close, self.fd)


REFS = weakref.WeakSet()
