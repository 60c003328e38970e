import os
import gc


def spawn():
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    return pid
