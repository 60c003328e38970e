import os
import sys


class NoElse:
    def __init__(self, path):
        if path:
            self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)


class InTry:
    def __init__(self, path):
        try:
            self.fd = os.open(path, os.O_RDONLY)
        except OSError:
            self.fd = os.open(os.devnull, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)


class LaterInBranch:
    def __init__(self, paths):
        if paths:
            self.fd = os.open(paths[0], os.O_RDONLY)
            for p in paths[1:]:
                self.fd = os.open(p, os.O_RDONLY)
        else:
            self.fd = os.open(os.devnull, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)


class RefersToSelf:
    def __init__(self, cb):
        if cb:
            self.cb = cb
        else:
            self.cb = self.default

    def default(self):
        pass

    def __del__(self):
        call_later(self.cb)


class OneBranchPasses:
    def __init__(self, path):
        if path:
            self.fd = os.open(path, os.O_RDONLY)
        else:
            pass

    def __del__(self):
        os.close(self.fd)


class Tee:
    def __init__(self, file_or_name, channel="stdout"):
        if hasattr(file_or_name, "write"):
            self.file = file_or_name
        else:
            self.file = open(file_or_name, "w")
        self.channel = channel
        self.ostream = getattr(sys, channel)
        setattr(sys, channel, self)
        self._closed = False

    def write(self, data):
        self.file.write(data)
        self.ostream.write(data)

    def flush(self):
        self.file.flush()
        self.ostream.flush()

    def close(self):
        self.flush()
        setattr(sys, self.channel, self.ostream)
        self.file.close()
        self._closed = True

    def __del__(self):
        if not self._closed:
            self.close()


class Redirect:
    def __init__(self, path):
        self.file = open(path, "w")
        self.old = sys.stdout
        sys.stdout = self

    def write(self, data):
        self.file.write(data)

    def __del__(self):
        self.file.close()
