import os

from pkg.res import NamedCall, SuperCalled
import weakref


class Child(SuperCalled):
    def close(self):
        super().__del__()


def shutdown(obj):
    NamedCall.__del__(obj)


# No file with an explicit call imports this module: it converts.
class Untouched:
    def __init__(self, path):
        self.path = path
        self._finalizer = weakref.finalize(self, os.remove, self.path)
