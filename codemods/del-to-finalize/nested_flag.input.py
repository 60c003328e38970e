# Adapted from fsspec (fsspec/caching.py, AdaptiveReadaheadCache): `__init__` sets
# `_prefetcher` to None, then again inside a `try`. Its value once `__init__` has
# finished is unknown, so the guard of `close()` is not "false after `__init__`"
# (an earlier version said so); the true reason is the nested store.
class AdaptiveReadaheadCache:
    def __init__(self, make):
        self._prefetcher = None
        try:
            self._prefetcher = make()
        except Exception:
            self._prefetcher = None

    def close(self):
        if self._prefetcher is not None:
            self._prefetcher.close()
            self._prefetcher = None

    def __del__(self):
        try:
            self.close()
        except Exception:
            # Best-effort cleanup during GC.
            pass
