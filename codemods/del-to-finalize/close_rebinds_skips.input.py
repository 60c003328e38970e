# Close methods that rebind their resource attribute, left alone with a reason.
import os


# The alias is read after the cleanup statements.
class ReadsAliasLater:
    def __init__(self, fd):
        self.fd = fd

    def close(self):
        fd = self.fd
        self.fd = -1
        os.close(fd)
        self.last_fd = fd

    def __del__(self):
        self.close()


# The cleanup reads the attribute after the method set it.
class ReadsAfterSet:
    def __init__(self, fd):
        self.fd = fd

    def close(self):
        if self.fd == -1:
            return
        self.fd = -1
        print("closing", self.fd)

    def __del__(self):
        self.close()


# The placeholder value (`None`) does not make the guard skip the cleanup.
class PlaceholderRuns:
    def __init__(self, fd):
        self.fd = None
        self.check(fd)
        self.fd = fd

    @staticmethod
    def check(fd):
        pass

    @property
    def closed(self):
        return self.fd == -1

    def close(self):
        if self.closed:
            return
        fd = self.fd
        self.fd = -1
        os.close(fd)

    def __del__(self):
        self.close()


# The property calls something: sturdy does not inline it.
class PropertyCalls:
    def __init__(self, fd):
        self.fd = fd

    @property
    def closed(self):
        return self.fd in (-1, None) or os.isatty(self.fd)

    def close(self):
        if self.closed:
            return
        fd = self.fd
        self.fd = -1
        os.close(fd)

    def __del__(self):
        self.close()


# A subclass overrides the property the guard reads.
class Holder:
    def __init__(self, fd):
        self.fd = fd

    @property
    def closed(self):
        return self.fd == -1

    def close(self):
        if self.closed:
            return
        fd = self.fd
        self.fd = -1
        os.close(fd)

    def __del__(self):
        self.close()


class NeverClosed(Holder):
    @property
    def closed(self):
        return False


# Quiet delegation with the attribute set before the cleanup.
class QuietRebind:
    def __init__(self, fd):
        self.fd = fd

    def close(self):
        fd = self.fd
        self.fd = -1
        os.close(fd)

    def __del__(self):
        try:
            self.close()
        except OSError:
            pass


# A state update that stays in the method reads a local of the cleanup statements.
class KeepsResult:
    def __init__(self, conn):
        self.conn = conn

    def close(self):
        result = self.conn.close()
        self.result = result

    def __del__(self):
        self.close()
