# Warn if unclosed (issue 14, shape 2): `__del__` warns when the instance was not
# closed. The finalizer warns instead, and the statement that closes the instance
# detaches it.
import warnings
from warnings import warn
import weakref


class WSGIWarning(Warning):
    pass


# Adapted from werkzeug/middleware/lint.py (`GuardedIterator`, werkzeug 3.1).
class GuardedIterator:
    def __init__(self, iterator, headers_set, chunks):
        self._iterator = iterator
        self._next = iter(iterator).__next__
        self.closed = False
        self._finalizer = weakref.finalize(self, GuardedIterator._finalize)
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
        self._finalizer.detach()

        if hasattr(self._iterator, "close"):
            self._iterator.close()

    @staticmethod
    def _finalize():
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
        self._finalizer = weakref.finalize(self, Transport._finalize)

    def close(self):
        if not self._closed:
            self._closed = True
            self._finalizer.detach()
            self._protocol.shutdown()
        else:
            self._protocol = None

    @staticmethod
    def _finalize(_warnings=warnings):
        _warnings.warn(
            "unclosed transport <asyncio._SSLProtocolTransport "
            "object>", ResourceWarning)


# `source=self` would keep the instance alive from its own finalizer: dropped.
class Socket:
    def __init__(self, sock):
        self._sock = sock
        self._open = True
        self._finalizer = weakref.finalize(self, Socket._finalize)

    def close(self):
        self._open = False
        self._finalizer.detach()
        self._sock.close()

    @staticmethod
    def _finalize(_warn=warnings.warn):
        _warn("unclosed socket", ResourceWarning)
