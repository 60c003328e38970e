# Bound defaults (issue 14): `def __del__(self, _os=os)`; the cleanup keeps its
# definition-time objects, also for an instance alive at interpreter exit.
import gc
import os
import tempfile


class Lock:
    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_CREAT | os.O_RDWR)

    def __del__(self, _os=os, _print=print):
        _os.close(self.fd)
        _os.remove(self.path)
        _print("removed lock", _os.path.basename(self.path)[-1:])


d = tempfile.mkdtemp()
a = Lock(os.path.join(d, "a"))
print("exists:", os.path.exists(os.path.join(d, "a")))
del a
print("exists after del:", os.path.exists(os.path.join(d, "a")))
b = Lock(os.path.join(d, "b"))
b.cycle = b
del b
gc.collect()
print("exists after collect:", os.path.exists(os.path.join(d, "b")))
