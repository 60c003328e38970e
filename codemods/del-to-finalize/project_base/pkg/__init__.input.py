# A project base class defining `__del__`, re-exported by the package: its
# subclass in another file keeps its own `__del__` (removing it would let the
# base's run), and the base keeps its own (a subclass defines `__del__`).
from pkg.io.base import Resource as Resource
