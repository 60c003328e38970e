# `gc` bound in the function that forks: a parameter, or a later local import
# (then `gc.freeze()` first would raise `UnboundLocalError`).
import os


def spawn(gc):
    pid = os.fork()
    if pid == 0:
        gc.collect()
        os._exit(0)


def spawn_late():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    import gc
    gc.collect()


def spawn_fine():
    pid = os.fork()
    if pid == 0:
        os._exit(0)


def spawn_local_import():
    import gc
    pid = os.fork()
    if pid == 0:
        os._exit(0)
