import os
import weakref


def register(cls):
    return type(cls.__name__, (cls,), {})


# The class name is rebound (by a decorator here): `Handle._finalize` could be
# another object, so the registration names the class as `__class__`.
@register
class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = weakref.finalize(self, __class__._finalize, self.fd)

    @staticmethod
    def _finalize(fd):
        if fd >= 0:
            os.close(fd)
