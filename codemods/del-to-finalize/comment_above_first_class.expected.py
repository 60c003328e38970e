# Copyright header.

import weakref

# Owns a file descriptor: the comment stays with the class, the import goes above it.
class Handle:
    def __init__(self, fd):
        self.fd = fd
        self._finalizer = weakref.finalize(self, close, self.fd)


def close(fd):
    pass
