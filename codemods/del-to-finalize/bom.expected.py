import os
import weakref


class TempFile:
    def __init__(self, name):
        self.name = name
        self._finalizer = weakref.finalize(self, os.remove, self.name)
