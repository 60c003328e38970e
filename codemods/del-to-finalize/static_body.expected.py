import os
import weakref


class Resource:
    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = weakref.finalize(self, Resource._finalize, self.fd, self.path)
        self.size = os.fstat(self.fd).st_size  # may raise

    @staticmethod
    def _finalize(fd_1, path):  # release the descriptor
        # Guard against a half-initialised object.
        fd = fd_1
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
