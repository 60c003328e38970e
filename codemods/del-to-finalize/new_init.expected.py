import weakref
def test_deref():
    # Adapted from trio's test_thread_cache: the closure list tells the test
    # that the object was collected.
    res = [False]

    class del_me:
        def __init__(self):
            self._finalizer = weakref.finalize(self, del_me._finalize)

        def __call__(self):
            return 42

        @staticmethod
        def _finalize():
            res[0] = True

    return del_me, res


def test_reset():
    # Adapted from IPython's test_magic: `__del__` is the first method.
    monitor = []
    class A(object):
        def __init__(self):
            self._finalizer = weakref.finalize(self, A._finalize)
        @staticmethod
        def _finalize():
            monitor.append(1)
        def __repr__(self):
            return "<A instance>"

    return A, monitor


log = []


class Marker:
    """Logs its collection."""

    kind = "marker"

    def __init__(self):
        self._finalizer = weakref.finalize(self, Marker._finalize)

    @property
    def name(self):
        return self.kind

    # Runs when the marker is collected.
    @staticmethod
    def _finalize():
        log.append("collected")


class Child(Marker):
    pass
