import os
import weakref


class Base:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class Parent:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class HasOwnDelChild:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class ExplicitlyCalled:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class GoodBase:
    def __init__(self, path):
        self.path = path
        self._finalizer = weakref.finalize(self, os.remove, self.path)
