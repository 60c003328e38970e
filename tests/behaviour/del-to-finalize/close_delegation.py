# Close delegation (issue 14): `__del__` calls `self.close()` (modelled on
# tornado's HTTPClient). Checks explicit close then collection, collection
# without close, a reference cycle (cleanup at `gc.collect()`), an `__init__`
# that raises after acquiring, and an instance alive at interpreter exit.
import gc


class Resource:
    def __init__(self, name):
        self.name = name

    def close(self):
        print("released", self.name)


class Client:
    def __init__(self, name, fail=False):
        self._closed = True
        self._res = Resource(name)
        if fail:
            raise RuntimeError("init failed")
        self._closed = False

    def __del__(self):
        self.close()

    def close(self):
        if not self._closed:
            self._res.close()
            self._closed = True


a = Client("a")
a.close()
a.close()
print("closed a explicitly")
del a
gc.collect()
print("a collected")

b = Client("b")
del b
print("b dropped")

c = Client("c")
c.cycle = c
del c
print("before collect")
gc.collect()
print("after collect")

try:
    Client("d", fail=True)
except RuntimeError as e:
    print("error:", e)
gc.collect()
print("d done")

kept = Client("e")
print("exit with e alive")
