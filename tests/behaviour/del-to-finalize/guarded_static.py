import gc

LOG = []


def release(kind, value):
    LOG.append((kind, value))


class Resource:
    def __init__(self, fd, path, fail=False):
        self.fd = fd
        self.path = path
        if fail:
            raise RuntimeError("init failed after the state existed")
        self.extra = 1

    def __del__(self):
        # Guard against a half-initialised object.
        fd = getattr(self, "fd", None)
        if fd is not None:
            try:
                release("fd", fd)
            except OSError:
                pass
        release("path", self.path)


r = Resource(3, "/tmp/a")
del r
gc.collect()
print(LOG)
LOG.clear()
try:
    Resource(4, "/tmp/b", fail=True)
except RuntimeError as e:
    print("raised:", e)
gc.collect()
print(LOG)
