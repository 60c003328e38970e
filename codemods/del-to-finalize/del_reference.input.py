# `__del__` read without a call is called later: removing or renaming the method
# would make that read raise `AttributeError`.
import atexit
import os


class Node:
    def __init__(self):
        self.info = {}
        atexit.register(self.__del__)

    def __del__(self):
        self.info = None


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)


def close_later(path):
    h = Handle(path)
    return h.__del__
