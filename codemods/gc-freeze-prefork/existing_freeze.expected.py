import gc as _gc
import os

_gc.disable()


def spawn():
    _gc.freeze()
    pid = os.fork()
    if pid == 0:
        _gc.enable()
        os._exit(0)


def spawn_collect():
    _gc.freeze()
    # Freeze the app's objects.
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    return pid
