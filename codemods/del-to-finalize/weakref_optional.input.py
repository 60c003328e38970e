import os

try:
    import weakref
except ImportError:  # an optional import: the name may be None
    weakref = None


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)
