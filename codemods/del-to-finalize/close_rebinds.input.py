# Close delegation where the close method rebinds its own resource attribute.
import os


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
        os.set_blocking(fd, False)

    @property
    def closed(self) -> bool:
        return self.fd == -1

    def _raw_close(self) -> None:
        # This doesn't assume it's in a Trio context.
        if self.closed:
            return
        fd = self.fd
        self.fd = -1
        os.set_blocking(fd, self._original_is_blocking)
        os.close(fd)

    def __del__(self) -> None:
        self._raw_close()

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
        print("register", self.handle)

    @property
    def closed(self):
        return self.handle == -1

    def close(self):
        if self.closed:
            return
        handle = self.handle
        self.handle = -1
        if not os.close(handle):
            print("closed", handle)

    def __del__(self):
        self.close()


# A closed flag set before the release statements.
class Session:
    def __init__(self, sock):
        self._closed = False
        self._sock = sock

    def close(self):
        if self._closed:
            return
        self._closed = True
        self._sock.close()

    def __del__(self):
        self.close()
