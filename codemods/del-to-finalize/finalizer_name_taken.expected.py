import os
import weakref


class Cache:
    _finalize = None

    def __init__(self, path):
        self.path = path
        self._finalizer_1 = weakref.finalize(self, Cache._finalize_1, self.path)
        self._finalizer = "something else"

    @staticmethod
    def _finalize_1(path):
        for name in os.listdir(path):
            os.remove(os.path.join(path, name))
