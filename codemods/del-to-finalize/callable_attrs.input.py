# `__del__` calls attributes that hold callables stored in `__init__`
# (`self.p = print`): they are instance state, captured like any other attribute.
import sys


# Adapted from IPython/core/tests/tclass.py.
class C(object):
    def __init__(self, name):
        self.name = name
        self.p = print
        self.flush_stdout = sys.stdout.flush

    def __del__(self):
        self.p("tclass.py: deleting object:", self.name)
        self.flush_stdout()
