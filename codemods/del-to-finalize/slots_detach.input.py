# A warn-if-unclosed `__del__` in a class whose `__slots__` include `__weakref__`:
# `close()` must detach the finalizer, which `__slots__` leave nowhere to store. The
# reason says so (it used to tell the user to add the `__weakref__` the class has).
import warnings


class Stream:
    __slots__ = ("closed", "__weakref__")

    def __init__(self):
        self.closed = False

    def close(self):
        self.closed = True

    def __del__(self):
        if not self.closed:
            warnings.warn("unclosed stream", ResourceWarning)
