# `weakref` bound to something else at module level (issue 12's shadowing rule):
# the registration must not call `None.finalize`, so sturdy imports the module
# under a free name, as CPython's tempfile does (`import weakref as _weakref`).
import os
import weakref as _weakref

weakref = None  # rebound after the imports: the name is not the module


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = _weakref.finalize(self, os.close, self.fd)
