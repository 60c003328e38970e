# Copyright header.

# Owns a file descriptor: the comment stays with the class, the import goes above it.
class Handle:
    def __init__(self, fd):
        self.fd = fd

    def __del__(self):
        close(self.fd)


def close(fd):
    pass
