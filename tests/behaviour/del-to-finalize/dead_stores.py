# Dead stores after cleanup: `__del__` releases a connection and also sets
# attributes of the dying instance (a closed flag, `conn = None`). The stores are
# dropped from the finalizer; the connection is released at the same points: when
# the last reference goes, at `gc.collect()` for a reference cycle, and at
# interpreter exit for an object still alive then.
import gc

gc.disable()  # collections only where the program asks for them


class Pool:
    def __init__(self):
        self.out = set()

    def acquire(self, name):
        self.out.add(name)
        return name

    def release(self, name):
        self.out.discard(name)
        print("released:", name)


POOL = Pool()


class Session:
    def __init__(self, pool, name, fail=False):
        self.pool = pool
        self.conn = pool.acquire(name)
        if fail:
            raise ValueError("handshake failed")
        self.closed = False

    def query(self):
        return "query on %s" % self.conn

    def __del__(self):
        self.closed = True
        if self.conn is not None:
            self.pool.release(self.conn)
            self.conn = None


print("-- plain collection")
s = Session(POOL, "a")
print(s.query())
del s
print("out:", sorted(POOL.out))

print("-- reference cycle")
s = Session(POOL, "b")
s.me = s
del s
print("before collect, out:", sorted(POOL.out))
gc.collect()
print("after collect, out:", sorted(POOL.out))

print("-- explicit use, then collection")
s = Session(POOL, "c")
print(s.query(), s.closed)
s = None
print("out:", sorted(POOL.out))

print("-- __init__ that raises after acquiring")
try:
    Session(POOL, "d", fail=True)
except ValueError as e:
    print("ValueError:", e)
gc.collect()
print("out:", sorted(POOL.out))

print("-- alive at exit")
kept = Session(POOL, "kept")
print("end of program")
