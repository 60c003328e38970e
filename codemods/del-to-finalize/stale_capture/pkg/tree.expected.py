# Issue 13 item 3: a finalizer captured `self._children`; a method of another
# class rebinds `old_owner._children = set()` (owner.py), and the finalizer then
# released the old set. An attribute the cleanup captures must not be stored
# anywhere in the project outside `__init__` on a receiver that may be an instance.
import weakref
def release_all(children):
    for c in children:
        c.detach()


class Node:
    def __init__(self):
        self._children = set()

    def __del__(self):
        release_all(self._children)


class Buffer:
    def __init__(self, size):
        self._buffer = bytearray(size)

    def __del__(self):
        release_all(self._buffer)


class Stream(Buffer):
    def grow(self):
        self._buffer = bytearray(2 * len(self._buffer))


class Cache:
    def __init__(self):
        self._entries = {}
        self._finalizer = weakref.finalize(self, release_all, self._entries)


class Index:
    def rebuild(self):
        # Stored on an instance of a class unrelated to `Cache`: no effect on it.
        self._entries = {}
