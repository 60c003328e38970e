# Close delegation inside `try: ... except ...: pass` (issue 14): `__del__`
# swallowed what the cleanup raised, so the finalizer must swallow it too (a
# finalizer's errors are printed as "Exception ignored in ..." otherwise), while an
# explicit `close()` still raises to its caller.
import socket


# Adapted from fsspec/caching.py (`AdaptiveReadaheadCache`) and redis
# (`_RESPBase.__del__`): best-effort cleanup during garbage collection.
class Prefetcher:
    def __init__(self, host):
        self._sock = socket.create_connection((host, 80))

    def __del__(self):
        try:
            self.close()
        except Exception:
            # Best-effort cleanup during GC.
            pass

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


class Several:
    def __init__(self, path):
        self._fh = open(path)
        self._closed = False

    def __del__(self):
        if not self._closed:
            try:
                self.release()
            except (OSError, ValueError):
                pass
            except RuntimeError as e:  # a closed loop
                pass

    def release(self):
        self._fh.close()
        self._closed = True


class Bare:
    def __init__(self, conn):
        self.conn = conn
        self._closed = False

    def __del__(self):
        try:
            if not self._closed:
                self.close()
        except:
            pass

    def close(self):
        """Close the connection."""
        if self._closed:
            return
        self.conn.close()
        self._closed = True
