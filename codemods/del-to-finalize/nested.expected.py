import os
import weakref


class Outer:
    class Inner:
        def __init__(self, path):
            self.path = path
            self._finalizer = weakref.finalize(self, Outer.Inner._finalize, self.path)

        @staticmethod
        def _finalize(path):
            if path:
                os.remove(path)


def factory():
    @decorate
    class Local:
        def __init__(self, path):
            self.path = path
            self._finalizer = weakref.finalize(self, __class__._finalize, self.path)

        @staticmethod
        def _finalize(path):
            print("bye")
            os.remove(path)

    return Local


def decorate(cls):
    return cls
