import os
import weakref


class Resource:
    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = weakref.finalize(self, Resource._finalize, self.fd, self.path)
        self.size = os.fstat(self.fd).st_size  # may raise

    @staticmethod
    def _finalize(fd, path):  # release the descriptor
        # Guard against a half-initialised object.
        if fd is not None:
            try:
                os.close(fd)
            except OSError:  # already closed
                pass
        if True:
            print("closed", path)


class Lock:
    def __init__(self, lockfile):
        self._lockfile = lockfile
        self._finalizer = weakref.finalize(self, Lock._finalize, self._lockfile)
        self.held = True

    @staticmethod
    def _finalize(lockfile):
        """Remove the lock file."""
        if os.path.exists(lockfile):
            os.remove(lockfile)


class AliasOrder:
    def __init__(self, first, second):
        self.first = first
        self._second = second
        self._finalizer = weakref.finalize(self, AliasOrder._finalize, self._second, self.first)

    @staticmethod
    def _finalize(second, first):
        # may be missing
        print("cleanup", first, second)
