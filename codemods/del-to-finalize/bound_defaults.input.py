# Bound defaults (issue 14, shape 3): `def __del__(self, _os=os)` binds module
# objects when the class is defined, so the cleanup works during interpreter
# shutdown. The static cleanup keeps the parameters with their defaults (evaluated
# once, when the class is defined, as before).
import os
import sys


class Lock:
    def __init__(self, path):
        self.path = path
        self.fd = os.open(path, os.O_CREAT | os.O_RDWR)

    def __del__(self, _os=os, _exists=os.path.exists):
        _os.close(self.fd)
        if _exists(self.path):
            _os.remove(self.path)


# Adapted from filelock/_async_lock/_backends.py (filelock 3.20): a keyword-only
# default, and a guard the cleanup keeps.
class Owned:
    def __init__(self, executor):
        self._creator_pid = os.getpid()
        self._executor = executor

    def __del__(self, *, _getpid=os.getpid, _stderr=sys.stderr):
        if _getpid() == self._creator_pid:
            self._executor.shutdown(wait=False)
