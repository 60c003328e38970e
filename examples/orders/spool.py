"""Spool large order exports to temporary files."""
import os
import tempfile


class SpoolFile:
    """A temporary file that disappears with its owner."""

    def __init__(self, prefix="orders-"):
        fd, self.path = tempfile.mkstemp(prefix=prefix)
        os.close(fd)
        self.size = 0

    def append(self, data: bytes) -> None:
        with open(self.path, "ab") as f:
            f.write(data)
        self.size += len(data)

    def __del__(self):
        os.remove(self.path)


class ExportLock:
    """An advisory lock file held for the duration of an export."""

    def __init__(self, lockfile):
        self.lockfile = lockfile
        self.fd = os.open(lockfile, os.O_CREAT | os.O_EXCL | os.O_WRONLY)

    def __del__(self):
        # The object may be half-built if os.open raised.
        fd = getattr(self, "fd", None)
        if fd is not None:
            os.close(fd)
            os.remove(self.lockfile)
