# Warn if unclosed (issue 14, shape 2): `__del__` warns when the instance was not
# closed. The finalizer warns instead, and the statement that closes the instance
# detaches it.
import warnings
from warnings import warn


class WSGIWarning(Warning):
    pass


# Adapted from werkzeug/middleware/lint.py (`GuardedIterator`, werkzeug 3.1).
class GuardedIterator:
    def __init__(self, iterator, headers_set, chunks):
        self._iterator = iterator
        self._next = iter(iterator).__next__
        self.closed = False
        self.headers_set = headers_set
        self.chunks = chunks

    def __iter__(self):
        return self

    def __next__(self):
        if self.closed:
            warn("Iterated over closed 'app_iter'.", WSGIWarning, stacklevel=2)
        rv = self._next()
        self.chunks.append(len(rv))
        return rv

    def close(self):
        self.closed = True

        if hasattr(self._iterator, "close"):
            self._iterator.close()

    def __del__(self):
        if not self.closed:
            try:
                warn(
                    "Iterator was garbage collected before it was closed.",
                    WSGIWarning,
                    stacklevel=2,
                )
            except Exception:
                pass


# Adapted from CPython's asyncio/sslproto.py (`_SSLProtocolTransport`): bound
# defaults, and a flag set on the dying instance (dropped: nothing can see it).
class Transport:
    def __init__(self, loop, protocol):
        self._loop = loop
        self._protocol = protocol
        self._closed = False

    def close(self):
        if not self._closed:
            self._closed = True
            self._protocol.shutdown()
        else:
            self._protocol = None

    def __del__(self, _warnings=warnings):
        if not self._closed:
            self._closed = True
            _warnings.warn(
                "unclosed transport <asyncio._SSLProtocolTransport "
                "object>", ResourceWarning)


# `source=self` would keep the instance alive from its own finalizer: dropped.
class Socket:
    def __init__(self, sock):
        self._sock = sock
        self._open = True

    def close(self):
        self._open = False
        self._sock.close()

    def __del__(self, _warn=warnings.warn):
        if self._open:
            _warn("unclosed socket", ResourceWarning, source=self)
