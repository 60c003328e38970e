# Close delegation that sturdy leaves alone, each with its reason.
import sys


# Adapted from IPython/utils/io.py (`Tee`): `__init__` installs the instance as
# `sys.stdout` before the registration point.
class Tee:
    def __init__(self, file_or_name, channel="stdout"):
        self.file = open(file_or_name, "w")
        self.channel = channel
        self.ostream = getattr(sys, channel)
        setattr(sys, channel, self)
        self._closed = False

    def close(self):
        """Close the file and restore the channel."""
        self.flush()
        setattr(sys, self.channel, self.ostream)
        self.file.close()
        self._closed = True

    def flush(self):
        self.file.flush()
        self.ostream.flush()

    def __del__(self):
        if not self._closed:
            self.close()


class Closer:
    def close(self):
        self.fh.close()


class InheritsClose(Closer):
    def __init__(self, path):
        self.fh = open(path)

    def __del__(self):
        self.close()


class EarlyOpen:
    def __init__(self, path):
        self.reset()
        self.fh = open(path)

    def reset(self):
        pass

    def __del__(self):
        self.close()

    def close(self):
        self.fh.close()


# A `try` around the delegation that does more than swallow the error.
class LogsErrors:
    def __init__(self, path):
        self.fh = open(path)

    def __del__(self):
        try:
            self.close()
        except Exception:
            print("close failed", file=sys.stderr)

    def close(self):
        self.fh.close()


class Finally:
    def __init__(self, path):
        self.fh = open(path)

    def __del__(self):
        try:
            self.close()
        except OSError:
            pass
        finally:
            print("done")

    def close(self):
        self.fh.close()


# The quiet form still needs a method whose cleanup does not need the instance.
class QuietNeedsInstance:
    def __init__(self, path):
        self.fh = open(path)

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def close(self):
        self.flush()
        self.fh.close()

    def flush(self):
        self.fh.flush()
        self.flushed = True


class QuietBoundDefaults:
    def __init__(self, path):
        self.fh = open(path)

    def __del__(self, _sys=sys):
        try:
            self.close()
        except Exception:
            pass

    def close(self):
        self.fh.close()
