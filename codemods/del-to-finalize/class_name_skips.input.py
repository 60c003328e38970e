# A class name read through the instance is passed to the finalizer only when it
# cannot change before collection: here the project assigns `__class__`.
import warnings


# The class of an instance may change: `obj.__class__ = ...` somewhere.
class Morphing:
    def __init__(self):
        self._closed = False

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed " + self.__class__.__name__, ResourceWarning)


def morph(obj):
    obj.__class__ = Morphing
