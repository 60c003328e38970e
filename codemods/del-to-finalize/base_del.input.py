# A class whose base defines `__del__` keeps its own: removing it would let the
# base's run for its instances. Bases from the standard library resolve through
# typeshed (`io.RawIOBase` → `_io._IOBase`, `subprocess.Popen`).
import io
import os
import subprocess


class Pipe(io.RawIOBase):
    def __init__(self, fd):
        self.fd = fd

    def __del__(self):
        os.close(self.fd)


class Child(subprocess.Popen):
    def __init__(self, args, log):
        super().__init__(args)
        self.log = log

    def __del__(self):
        self.log.close()


# Adapted from gridfs/synchronous/grid_file.py (pymongo 4.20): the base is chosen
# at run time, so sturdy cannot tell what it defines.
GRIDOUT_BASE_CLASS = io.IOBase if os.environ.get("SYNC") else object


class GridOut(GRIDOUT_BASE_CLASS):
    def __init__(self, chunks):
        self._chunks = chunks

    def __del__(self):
        self._chunks.close()


# A base from a package that is not installed where sturdy looks.
from thirdparty.streams import BaseStream


class Wrapped(BaseStream):
    def __init__(self, handle):
        self.handle = handle

    def __del__(self):
        self.handle.close()


# Subclasses of builtins: `str` subclasses can be weakly referenced (CPython
# 3.6–3.13), so this one converts; `int`, `bytes` and `tuple` subclasses cannot.
class Name(str):
    def __init__(self, value):
        self.path = value + ".lock"

    def __del__(self):
        os.remove(self.path)


class Count(int):
    def __init__(self, value):
        self.path = "count.lock"

    def __del__(self):
        os.remove(self.path)


class Blob(bytes):
    def __init__(self, value):
        self.path = "blob.lock"

    def __del__(self):
        os.remove(self.path)


class Pair(tuple):
    def __init__(self, value):
        self.path = "pair.lock"

    def __del__(self):
        os.remove(self.path)


class CountSub(Count):
    def __init__(self, value):
        self.path = "sub.lock"

    def __del__(self):
        os.remove(self.path)
