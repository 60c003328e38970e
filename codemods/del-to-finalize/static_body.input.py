import os


class Resource:
    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_RDONLY)
        self.size = os.fstat(self.fd).st_size  # may raise

    def __del__(self):  # release the descriptor
        # Guard against a half-initialised object.
        fd = getattr(self, "fd", None)
        if fd is not None:
            try:
                os.close(fd)
            except OSError:  # already closed
                pass
        if hasattr(self, "path"):
            print("closed", self.path)


class Lock:
    def __init__(self, lockfile):
        self._lockfile = lockfile
        self.held = True

    def __del__(self):
        """Remove the lock file."""
        if os.path.exists(self._lockfile):
            os.remove(self._lockfile)


class AliasOrder:
    def __init__(self, first, second):
        self.first = first
        self._second = second

    def __del__(self):
        second = getattr(self, "_second", None)  # may be missing
        print("cleanup", self.first, second)
