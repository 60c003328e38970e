# The file lacks a final newline: a line inserted at its end starts with one.
import os
import weakref


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._closed = False
        self._finalizer = weakref.finalize(self, Handle._finalize, self.fd)

    @staticmethod
    def _finalize(fd):
        os.close(fd)

    def close(self):
        os.close(self.fd)
        self._closed = True
        self._finalizer.detach()
