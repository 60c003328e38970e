import os

from pkg import Resource
import weakref


class LockFile(Resource):
    def __init__(self, path):
        super().__init__(path)
        self.lock = path + ".lock"

    def __del__(self):
        os.remove(self.lock)


class Plain:
    def __init__(self, path):
        self.path = path
        self._finalizer = weakref.finalize(self, os.remove, self.path)
