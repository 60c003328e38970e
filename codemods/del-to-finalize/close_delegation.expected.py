# Close delegation (issue 14, shape 1): `__del__` calls `self.close()`. The model
# is CPython's `tempfile.TemporaryDirectory`: a static function holds the
# statements that release resources, the public method calls the finalizer (which
# runs at most once) and keeps the statements that update the instance.
import shutil
import socket
import tempfile
import weakref


# Adapted from tornado/httpclient.py (`HTTPClient`, tornado 6.6).
class HTTPClient:
    def __init__(self, async_client_class=None, **kwargs):
        # Initialize self._closed at the beginning of the constructor
        # so that an exception raised here doesn't lead to confusing
        # failures in __del__.
        self._closed = True
        self._io_loop = IOLoop(make_current=False)
        if async_client_class is None:
            async_client_class = AsyncHTTPClient
        self._async_client = async_client_class(**kwargs)
        self._closed = False
        self._finalizer = weakref.finalize(self, HTTPClient._close, self._async_client, self._io_loop)

    @staticmethod
    def _close(async_client, io_loop):
        async_client.close()
        io_loop.close()

    def close(self):
        """Closes the HTTPClient, freeing any resources used."""
        if not self._closed:
            self._finalizer()
            self._closed = True


# Modelled on tempfile.TemporaryDirectory.
class TempDir:
    def __init__(self):
        self.name = tempfile.mkdtemp()
        self._finalizer = weakref.finalize(self, TempDir._cleanup, self.name)

    @staticmethod
    def _cleanup(name):
        shutil.rmtree(name, ignore_errors=True)

    def cleanup(self):
        self._finalizer()


class Connection:
    def __init__(self, host):
        self._sock = socket.create_connection((host, 80))
        self._closed = False
        self._finalizer = weakref.finalize(self, Connection._close, self._sock)

    @staticmethod
    def _close(sock):
        sock.close()

    def close(self):
        if self._closed:
            return
        # Release the socket.
        self._finalizer()
        self._sock = None
        self._closed = True


class Pipe:
    def __init__(self, sock):
        self._sock = sock
        self._finalizer = weakref.finalize(self, Pipe._release, self._sock)

    @staticmethod
    def _release(sock):
        if sock is not None:
            sock.close()

    def release(self):
        if self._sock is not None:
            self._finalizer()
            self._sock = None


# The test of an early return stays in the method, and in the cleanup function.
class ReturnsEarly:
    def __init__(self, path):
        self.fh = open(path)
        self._finalizer = weakref.finalize(self, ReturnsEarly._close, self.fh)

    @staticmethod
    def _close(fh):
        if fh.closed:
            return
        fh.close()

    def close(self):
        if self.fh.closed:
            return
        self._finalizer()
        self.fh = None
