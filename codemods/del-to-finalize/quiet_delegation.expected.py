# Close delegation inside `try: ... except ...: pass` (issue 14): `__del__`
# swallowed what the cleanup raised, so the finalizer must swallow it too (a
# finalizer's errors are printed as "Exception ignored in ..." otherwise), while an
# explicit `close()` still raises to its caller.
import socket
import weakref


# Adapted from fsspec/caching.py (`AdaptiveReadaheadCache`) and redis
# (`_RESPBase.__del__`): best-effort cleanup during garbage collection.
class Prefetcher:
    def __init__(self, host):
        self._sock = socket.create_connection((host, 80))
        self._finalizer = weakref.finalize(self, Prefetcher._close_quietly, self._sock)

    @staticmethod
    def _close(sock):
        if sock is not None:
            sock.close()

    @staticmethod
    def _close_quietly(sock):
        try:
            Prefetcher._close(sock)
        except Exception:
            # Best-effort cleanup during GC.
            pass

    def close(self) -> None:
        if self._sock is not None:
            Prefetcher._close(self._sock)
            self._finalizer.detach()
            self._sock = None


class Several:
    def __init__(self, path):
        self._fh = open(path)
        self._closed = False
        self._finalizer = weakref.finalize(self, Several._release_quietly, self._fh)

    @staticmethod
    def _release(fh):
        fh.close()

    @staticmethod
    def _release_quietly(fh):
        try:
            Several._release(fh)
        except (OSError, ValueError):
            pass
        except RuntimeError as e:  # a closed loop
            pass

    def release(self):
        Several._release(self._fh)
        self._finalizer.detach()
        self._closed = True


class Bare:
    def __init__(self, conn):
        self.conn = conn
        self._closed = False
        self._finalizer = weakref.finalize(self, Bare._close_quietly, self.conn)

    @staticmethod
    def _close(conn):
        conn.close()

    @staticmethod
    def _close_quietly(conn):
        try:
            Bare._close(conn)
        except:
            pass

    def close(self):
        """Close the connection."""
        if self._closed:
            return
        Bare._close(self.conn)
        self._finalizer.detach()
        self._closed = True
