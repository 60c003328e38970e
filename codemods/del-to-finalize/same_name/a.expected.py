# Qualified names (issue 14, item 5): `c.Resource`'s subclass defining `__del__`
# says nothing about `a.Resource`, a different class with the same name.
import os
import weakref


class Resource:
    def __init__(self, path):
        self.path = path
        self._finalizer = weakref.finalize(self, os.remove, self.path)
