"""A subclass of `tempfile.TemporaryDirectory`, a base outside the project that keeps
its own finalizer in `self._finalizer` (its `cleanup()` detaches it). The converted
class must keep its finalizer under another name: taking `_finalizer` would make
`cleanup()` detach this class's cleanup instead of the directory's."""

import gc
import os
import tempfile

events = []


class Scratch(tempfile.TemporaryDirectory):
    def __init__(self, log):
        super().__init__()
        self.log = open(log, "w")

    def __del__(self):
        events.append("closed")
        self.log.close()


here = tempfile.mkdtemp()
s = Scratch(os.path.join(here, "log.txt"))
name, log = s.name, s.log
s.cleanup()
print("directory removed by cleanup():", not os.path.exists(name))
print("log still open after cleanup():", not log.closed)
del s
gc.collect()
print("log closed at collection:", log.closed)
print("events:", events)
os.remove(os.path.join(here, "log.txt"))
os.rmdir(here)
