# `gc` bound to something else at module level (issue 12's acceptance): an added
# `gc.freeze()` would reach that object. Skipped with a reason.
import os

from myapp.metrics import gc


def spawn_workers(n):
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            gc.record("worker")
            os._exit(0)
