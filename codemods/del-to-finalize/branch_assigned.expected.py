import os
import weakref


class LogFile:
    """Writes to a file it opened, or to one it was given (IPython's `Tee`)."""

    def __init__(self, file_or_name, mode="w"):
        if hasattr(file_or_name, "write"):
            self.file = file_or_name
        else:
            self.file = open(file_or_name, mode)
        self._closed = False
        self._finalizer = weakref.finalize(self, LogFile._close, self.file)

    def write(self, data):
        self.file.write(data)

    def flush(self):
        self.file.flush()

    @staticmethod
    def _close(file):
        file.flush()
        file.close()

    def close(self):
        self._finalizer()
        self._closed = True


class Pipe:
    def __init__(self, kind, path):
        self.path = path
        if kind == "read":
            self.fd = os.open(path, os.O_RDONLY)
        elif kind == "write":
            self.fd = os.open(path, os.O_WRONLY | os.O_CREAT)
        else:
            raise ValueError(kind)
        self._finalizer = weakref.finalize(self, os.close, self.fd)
        self.kind = kind


class Nested:
    def __init__(self, a, b):
        if a:
            if b:
                self.handle = open(os.devnull)
            else:
                self.handle = open(os.devnull, "rb")
        else:
            self.handle = open(os.devnull, "w")
        self._finalizer = weakref.finalize(self, Nested._finalize, self.handle)

    @staticmethod
    def _finalize(handle):
        handle.close()
