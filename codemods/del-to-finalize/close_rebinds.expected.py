# Close delegation where the close method rebinds its own resource attribute.
import os
import weakref


# Adapted from trio/_unix_pipes.py (`_FdHolder`): the fd is set to -1 when
# closed, and `closed` is a property over it.
class _FdHolder:
    fd: int

    def __init__(self, fd: int) -> None:
        # make sure self.fd is always initialized to *something*, because even
        # if we error out here then __del__ will run and access it.
        self.fd = -1
        if not isinstance(fd, int):
            raise TypeError("file descriptor must be an int")
        self.fd = fd
        # Store original state, and ensure non-blocking mode is enabled
        self._original_is_blocking = os.get_blocking(fd)
        self._finalizer = weakref.finalize(self, _FdHolder._raw_close_1, self.fd, self._original_is_blocking)
        os.set_blocking(fd, False)

    @property
    def closed(self) -> bool:
        return self.fd == -1

    @staticmethod
    def _raw_close_1(fd, original_is_blocking):
        if fd == -1:
            return
        os.set_blocking(fd, original_is_blocking)
        os.close(fd)

    def _raw_close(self) -> None:
        # This doesn't assume it's in a Trio context.
        if self.closed:
            return
        self.fd = -1
        self._finalizer()

    def close(self) -> None:
        if not self.closed:
            print("notify", self.fd)
            self._raw_close()


# Adapted from trio/_windows_pipes.py (`_HandleHolder`).
class _HandleHolder:
    def __init__(self, handle: int) -> None:
        self.handle = -1
        if not isinstance(handle, int):
            raise TypeError("handle must be an int")
        self.handle = handle
        self._finalizer = weakref.finalize(self, _HandleHolder._close, self.handle)
        print("register", self.handle)

    @property
    def closed(self):
        return self.handle == -1

    @staticmethod
    def _close(handle):
        if handle == -1:
            return
        if not os.close(handle):
            print("closed", handle)

    def close(self):
        if self.closed:
            return
        self.handle = -1
        self._finalizer()


# A closed flag set before the release statements.
class Session:
    def __init__(self, sock):
        self._closed = False
        self._sock = sock
        self._finalizer = weakref.finalize(self, Session._close, self._sock)

    @staticmethod
    def _close(sock):
        sock.close()

    def close(self):
        if self._closed:
            return
        self._closed = True
        self._finalizer()
