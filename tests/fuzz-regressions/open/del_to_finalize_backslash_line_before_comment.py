"""A temp-file manager, the shape this codemod was written for."""
import os


class TempFileManager:
    def __init__(self, filename):
        self.filename = filename

    def __del__(self):
        os.remove(self.filename)


class Socketish:
    """Registration goes right after the last needed attribute is assigned."""

    def __init__(self, sock, mode="r", *, verbose=False):
        self.mode = mode
        self.sock = sock
        # Work that may raise comes after the state exists.
        self.buffer = bytearray(1024)
        if verbose:
            print("opened")

    def read(self):
        return self.sock.recv(1024)

 \
   # Close the socket when the object goes away.
    def __del__(self):
        close_socket(self.sock, self.mode, force=True)

    def write(self, data):
        self.sock.send(data)


def close_socket(sock, mode, force=False):
    sock.close()
