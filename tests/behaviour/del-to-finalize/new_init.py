# A class with no `__init__` and a `__del__` that uses no state of the instance
# (modelled on trio's `del_me` and IPython's `A` in their test suites: `__del__`
# writes to a list of the enclosing function, and the test checks that the object
# was collected). sturdy adds `def __init__(self):` with the registration.
# Checks collection, a reference cycle (cleanup at `gc.collect()`), a subclass,
# a call with arguments (a TypeError before and after) and an instance alive at
# interpreter exit.
# Same output before and after: the instance alive at exit is cleaned up by the
# finalizer at `atexit`, by `__del__` at module teardown.
import gc


def scenario():
    res = [False]
    monitor = []

    class del_me:
        def __call__(self):
            return 42

        def __del__(self):
            res[0] = True

    class A(object):
        def __del__(self):
            monitor.append(1)
        def __repr__(self):
            return "<A instance>"

    class B(A):
        def __init__(self):
            super().__init__()

    print("-- collection")
    d = del_me()
    print(d(), res)
    del d
    print(res)

    print("-- reference cycle")
    a = A()
    a.me = a
    del a
    print("before collect", monitor)
    gc.collect()
    print("after collect", monitor)

    print("-- subclass")
    b = B()
    del b
    print(monitor)

    print("-- arguments")
    try:
        A(1)
    except TypeError:
        print("TypeError")
    return A


print("-- alive at exit")


class Tracer:
    def __del__(self):
        print("Tracer collected")


def make():
    # Created in a function (a module-level `Tracer()` would be a skip), kept in a
    # global.
    global keep
    keep = Tracer()


A = scenario()
make()
print("end of program")
