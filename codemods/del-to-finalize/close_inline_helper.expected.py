# Close delegation whose close method calls another plain method of the class:
# that method's statements are inlined into the cleanup function.


import weakref

# Modelled on IPython/utils/io.py (`Tee`: `close` calls `self.flush()`), without
# installing the instance as `sys.stdout`.
class LogFile:
    """Duplicate what is written to a file and a stream."""

    def __init__(self, path, echo):
        self.file = open(path, "w", encoding="utf-8")
        self.echo = echo
        self._closed = False
        self._finalizer = weakref.finalize(self, LogFile._close, self.file, self.echo)

    def write(self, data):
        self.file.write(data)
        self.echo.write(data)

    def flush(self):
        """Flush both channels."""
        self.file.flush()
        self.echo.flush()

    @staticmethod
    def _close(file, echo):
        file.flush()
        echo.flush()
        file.close()

    def close(self):
        """Close the file."""
        self._finalizer()
        self._closed = True


# A helper with a loop variable of its own.
class Pool:
    def __init__(self, conns):
        self._conns = list(conns)
        self._finalizer = weakref.finalize(self, Pool._close, self._conns)

    def _drain(self):
        for conn in self._conns:
            conn.close()

    @staticmethod
    def _close(conns):
        for conn in conns:
            conn.close()
        conns.clear()

    def close(self):
        self._finalizer()
