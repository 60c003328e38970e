# Close delegation whose close method calls another plain method of the class:
# that method's statements are inlined into the cleanup function.


# Modelled on IPython/utils/io.py (`Tee`: `close` calls `self.flush()`), without
# installing the instance as `sys.stdout`.
class LogFile:
    """Duplicate what is written to a file and a stream."""

    def __init__(self, path, echo):
        self.file = open(path, "w", encoding="utf-8")
        self.echo = echo
        self._closed = False

    def write(self, data):
        self.file.write(data)
        self.echo.write(data)

    def flush(self):
        """Flush both channels."""
        self.file.flush()
        self.echo.flush()

    def close(self):
        """Close the file."""
        self.flush()
        self.file.close()
        self._closed = True

    def __del__(self):
        if not self._closed:
            self.close()


# A helper with a loop variable of its own.
class Pool:
    def __init__(self, conns):
        self._conns = list(conns)

    def _drain(self):
        for conn in self._conns:
            conn.close()

    def close(self):
        self._drain()
        self._conns.clear()

    def __del__(self):
        self.close()
