import weakref as wr
from weakref import WeakSet

import os


class A:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        os.unlink(self.name)
