# A class name read through the instance is passed to the finalizer only when it
# cannot change before collection: here the project renames the class.
import warnings


class Renamed:
    def __init__(self):
        self._closed = False

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn("unclosed " + type(self).__qualname__, ResourceWarning)


Renamed.__qualname__ = "Other"
