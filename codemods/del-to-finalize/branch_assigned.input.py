import os


class LogFile:
    """Writes to a file it opened, or to one it was given (IPython's `Tee`)."""

    def __init__(self, file_or_name, mode="w"):
        if hasattr(file_or_name, "write"):
            self.file = file_or_name
        else:
            self.file = open(file_or_name, mode)
        self._closed = False

    def write(self, data):
        self.file.write(data)

    def flush(self):
        self.file.flush()

    def close(self):
        self.flush()
        self.file.close()
        self._closed = True

    def __del__(self):
        if not self._closed:
            self.close()


class Pipe:
    def __init__(self, kind, path):
        self.path = path
        if kind == "read":
            self.fd = os.open(path, os.O_RDONLY)
        elif kind == "write":
            self.fd = os.open(path, os.O_WRONLY | os.O_CREAT)
        else:
            raise ValueError(kind)
        self.kind = kind

    def __del__(self):
        os.close(self.fd)


class Nested:
    def __init__(self, a, b):
        if a:
            if b:
                self.handle = open(os.devnull)
            else:
                self.handle = open(os.devnull, "rb")
        else:
            self.handle = open(os.devnull, "w")

    def __del__(self):
        self.handle.close()
