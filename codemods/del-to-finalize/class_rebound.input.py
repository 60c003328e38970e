import os


def register(cls):
    return type(cls.__name__, (cls,), {})


# The class name is rebound (by a decorator here): `Handle._finalize` could be
# another object, so the registration names the class as `__class__`.
@register
class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        if self.fd >= 0:
            os.close(self.fd)
