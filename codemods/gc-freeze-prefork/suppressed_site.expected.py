# Two fork sites in one file; a skip comment on one leaves only that one alone
# (issue 16, item 9). The comment alone on the line above a site must also keep
# gc.freeze() from going in above it.
import os
import gc


def spawn_workers(app, n):
    for _ in range(n):
        gc.freeze()
        # Fork one worker.
        pid = os.fork()
        if pid == 0:
            app()
            os._exit(0)


def spawn_manager(app):
    # sturdy: skip -- the manager forks before the app is loaded
    pid = os.fork()
    if pid == 0:
        app()
        os._exit(0)


def spawn_helper(app):
    pid = os.fork()  # sturdy: skip[gc-freeze-prefork]
    if pid == 0:
        app()
        os._exit(0)
    gc.freeze()
    # A second fork in the same block: the first one is suppressed, so this one
    # gets its own freeze.
    other = os.fork()
    if other == 0:
        app()
        os._exit(0)
