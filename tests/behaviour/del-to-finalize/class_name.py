# A plain class whose warning names the class through the instance
# (`type(self).__name__`, `self.__class__.__qualname__`) and its `id`: the name and
# the id are passed to the finalizer at registration, so each message is the same,
# byte for byte, for the class and for a subclass (whose instances report its name).
import gc
import warnings

EXPECTED = {"id": None}


def show(message, category, filename, lineno, file=None, line=None):
    text = str(message).replace(f"{EXPECTED['id']:x}", "<the expected id>")
    print("warning:", category.__name__, text)


warnings.showwarning = show
warnings.simplefilter("always")


class Conn:
    class Inner:
        pass

    def __init__(self, name):
        self.name = name
        self._closed = False

    def close(self):
        self._closed = True

    def __del__(self):
        if not self._closed:
            warnings.warn(
                f"{type(self).__name__} ({self.__class__.__qualname__}) {self.name} "
                f"at {id(self):x} was not closed",
                ResourceWarning,
                source=self,
            )


class PooledConn(Conn):
    pass


c = Conn("a")
EXPECTED["id"] = id(c)
del c
p = PooledConn("b")
EXPECTED["id"] = id(p)
del p
q = PooledConn("c")
q.close()
del q
r = Conn("d")
EXPECTED["id"] = id(r)
r.me = r
del r
print("before collect")
gc.collect()
print("after collect")
