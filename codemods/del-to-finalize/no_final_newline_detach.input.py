# The file lacks a final newline: a line inserted at its end starts with one.
import os


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._closed = False

    def __del__(self):
        if not self._closed:
            os.close(self.fd)

    def close(self):
        os.close(self.fd)
        self._closed = True