# The file lacks a final newline: a line inserted at its end starts with one.
import os
import weakref


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = weakref.finalize(self, os.close, self.fd)
