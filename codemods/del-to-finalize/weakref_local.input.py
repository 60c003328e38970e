import os
import weakref


class Handle:
    # A parameter of `__init__` shadows the module there.
    def __init__(self, path, weakref=False):
        self.fd = os.open(path, os.O_RDONLY)
        self.weak = weakref

    def __del__(self):
        os.close(self.fd)


REFS = weakref.WeakSet()
