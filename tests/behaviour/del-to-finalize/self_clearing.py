# Self-clearing `__del__` (regex's parse nodes, openapi-spec-validator's
# `CachedIterable`): the method only drops the instance's own references, which
# deallocation does anyway; it is removed, and the values are released at the same
# points: when the last reference goes, at `gc.collect()` for a reference cycle, and
# at interpreter exit for an object still alive then.
import gc
import weakref

gc.disable()  # collections only where the program asks for them


class Info:
    def __init__(self, name):
        self.name = name
        self.group_calls = []

    def __del__(self):
        print("info released:", self.name)


class Group:
    def __init__(self, info, group):
        self.info = info
        self.group = group

    def fix_groups(self):
        # The node and the shared info refer to each other, as in regex.
        self.info.group_calls.append(self)

    def describe(self):
        return "%s/%d" % (self.info.name, self.group)

    def __del__(self):
        self.info = None


class Cached:
    def __init__(self, it):
        self.iter = iter(it)
        self.cache = []

    def fill(self):
        self.cache.extend(self.iter)
        return len(self.cache)

    def __del__(self):
        del self.cache


class Item:
    def __init__(self, n):
        self.n = n

    def __del__(self):
        print("item released:", self.n)


print("-- plain collection")
g = Group(Info("plain"), 1)
print(g.describe())
del g
print("after del")

print("-- reference cycle")
g = Group(Info("cycle"), 2)
g.fix_groups()
alive = weakref.ref(g)
del g
print("after del, alive:", alive() is not None)
gc.collect()
print("after collect, alive:", alive() is not None)

print("-- explicit use, then collection")
c = Cached([Item(1), Item(2)])
print("filled:", c.fill())
del c
print("after del")

print("-- __init__ that raises")
try:
    Cached(42)
except TypeError as e:
    print("TypeError:", e)
gc.collect()

print("-- alive at exit")
# At exit `__main__`'s globals are cyclic garbage, whose finalizers run in an
# unspecified order: one observable finalizer keeps the output deterministic (the
# README's Safety section says what can differ when there are several).
kept = Group(Info("kept"), 3)
kept.fix_groups()
kept_cached = Cached([1, 2, 3])
kept_cached.fill()
print("end of program")
