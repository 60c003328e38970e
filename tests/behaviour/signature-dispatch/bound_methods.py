"""Bound methods, callable instances and short-lived objects."""
import gc
import weakref


class Counter:
    def __init__(self):
        self.total = 0

    def add(self, amount, note=""):
        self.total += amount
        return f"{self.total} {note}".strip()


class Greeter:
    def __call__(self, name, greeting="hello"):
        return f"{greeting} {name}"


def route(handler, payload):
    return handler(**payload)


def show(handler, payload):
    # The TypeError is caught by the caller: a `try` around the call itself would keep
    # the call as it is.
    try:
        return route(handler, payload)
    except TypeError as error:
        return f"TypeError: {error}"


c = Counter()
print(show(c.add, {"amount": 2}))
print(show(c.add, {"amount": 3, "note": "x", "source": "api"}))
print(show(Greeter(), {"name": "ada", "lang": "en"}))

# Bound methods of short-lived objects are not kept alive by the cache.
refs = []
for i in range(3):
    tmp = Counter()
    print(show(tmp.add, {"amount": i, "unused": True}))
    refs.append(weakref.ref(tmp))
    del tmp
gc.collect()
print(sum(r() is not None for r in refs), "alive")
