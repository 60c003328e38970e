# Bound defaults (issue 14, shape 3): `def __del__(self, _os=os)` binds module
# objects when the class is defined, so the cleanup works during interpreter
# shutdown. The static cleanup keeps the parameters with their defaults (evaluated
# once, when the class is defined, as before).
import os
import sys
import weakref


class Lock:
    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_CREAT | os.O_RDWR)
        self._finalizer = weakref.finalize(self, Lock._finalize, self.fd, self.path)

    @staticmethod
    def _finalize(fd, path, _os=os, _exists=os.path.exists):
        _os.close(fd)
        if _exists(path):
            _os.remove(path)


# Adapted from filelock/_async_lock/_backends.py (filelock 3.20): a keyword-only
# default, and a guard the cleanup keeps.
class Owned:
    def __init__(self, executor):
        self._creator_pid = os.getpid()
        self._executor = executor
        self._finalizer = weakref.finalize(self, Owned._finalize, self._creator_pid, self._executor)

    @staticmethod
    def _finalize(creator_pid, executor, *, _getpid=os.getpid, _stderr=sys.stderr):
        if _getpid() == creator_pid:
            executor.shutdown(wait=False)
