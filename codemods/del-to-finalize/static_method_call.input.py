# `__del__` calls a static method of the class through `self`.
import threading

_STORE_LOCK = threading.Lock()
_LOCK_STORE = {}


# Adapted from virtualenv/util/lock.py (`ReentrantFileLock`).
class ReentrantFileLock:
    def __init__(self, folder):
        self.path = folder
        self._lock = None

    def __del__(self):
        self._del_lock(self._lock)

    @staticmethod
    def _del_lock(lock):
        if lock is not None:
            with _STORE_LOCK, lock.thread_safe:
                if lock.count == 0:
                    _LOCK_STORE.pop(lock.lock_file, None)
