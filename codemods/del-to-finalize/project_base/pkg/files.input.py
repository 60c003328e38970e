import os

from pkg import Resource


class LockFile(Resource):
    def __init__(self, path):
        super().__init__(path)
        self.lock = path + ".lock"

    def __del__(self):
        os.remove(self.lock)


class Plain:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)
