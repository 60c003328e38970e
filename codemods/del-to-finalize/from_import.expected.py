from weakref import finalize
import shutil


class Workdir:
    def __init__(self, path):
        self.path = path
        self._finalizer = finalize(self, shutil.rmtree, self.path, ignore_errors=True)
