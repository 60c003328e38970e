# `__del__` calls attributes that hold callables stored in `__init__`
# (`self.p = print`): they are instance state, captured like any other attribute.
import sys
import weakref


# Adapted from IPython/core/tests/tclass.py.
class C(object):
    def __init__(self, name):
        self.name = name
        self.p = print
        self.flush_stdout = sys.stdout.flush
        self._finalizer = weakref.finalize(self, C._finalize, self.p, self.name, self.flush_stdout)

    @staticmethod
    def _finalize(p, name, flush_stdout):
        p("tclass.py: deleting object:", name)
        flush_stdout()
