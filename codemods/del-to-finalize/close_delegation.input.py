# Close delegation (issue 14, shape 1): `__del__` calls `self.close()`. The model
# is CPython's `tempfile.TemporaryDirectory`: a static function holds the
# statements that release resources, the public method calls the finalizer (which
# runs at most once) and keeps the statements that update the instance.
import shutil
import socket
import tempfile


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

    def __del__(self):
        self.close()

    def close(self):
        """Closes the HTTPClient, freeing any resources used."""
        if not self._closed:
            self._async_client.close()
            self._io_loop.close()
            self._closed = True


# Modelled on tempfile.TemporaryDirectory.
class TempDir:
    def __init__(self):
        self.name = tempfile.mkdtemp()

    def __del__(self):
        self.cleanup()

    def cleanup(self):
        shutil.rmtree(self.name, ignore_errors=True)


class Connection:
    def __init__(self, host):
        self._sock = socket.create_connection((host, 80))
        self._closed = False

    def __del__(self):
        if not self._closed:
            self.close()

    def close(self):
        if self._closed:
            return
        # Release the socket.
        self._sock.close()
        self._sock = None
        self._closed = True


class Pipe:
    def __init__(self, sock):
        self._sock = sock

    def __del__(self):
        self.release()

    def release(self):
        if self._sock is not None:
            self._sock.close()
            self._sock = None


# The test of an early return stays in the method, and in the cleanup function.
class ReturnsEarly:
    def __init__(self, path):
        self.fh = open(path)

    def __del__(self):
        self.close()

    def close(self):
        if self.fh.closed:
            return
        self.fh.close()
        self.fh = None
