import os


class Cache:
    _finalize = None

    def __init__(self, path):
        self.path = path
        self._finalizer = "something else"

    def __del__(self):
        for name in os.listdir(self.path):
            os.remove(os.path.join(self.path, name))
