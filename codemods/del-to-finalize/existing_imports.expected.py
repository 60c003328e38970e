import weakref as wr
from weakref import WeakSet

import os


class A:
    def __init__(self, name):
        self.name = name
        self._finalizer = wr.finalize(self, os.unlink, self.name)
