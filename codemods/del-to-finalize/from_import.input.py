from weakref import finalize
import shutil


class Workdir:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        shutil.rmtree(self.path, ignore_errors=True)
