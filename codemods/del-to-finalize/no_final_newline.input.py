# The file lacks a final newline: a line inserted at its end starts with one.
import os


class Handle:
    def __del__(self):
        os.close(self.fd)

    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)