import os
import weakref


class WithWeakref:
    __slots__ = ("path", "__weakref__")

    def __init__(self, path):
        self.path = path
        weakref.finalize(self, os.remove, self.path)


class WithoutWeakref:
    __slots__ = ("path",)

    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)
