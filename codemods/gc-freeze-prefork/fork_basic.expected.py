import os
import sys
from os import fork as os_fork
import gc


def load_app():
    return {"routes": list(range(1000))}


def spawn_workers(app, n):
    children = []
    for _ in range(n):
        gc.freeze()
        # Fork one worker.
        pid = os.fork()
        if pid == 0:
            serve(app)
            os._exit(0)
        children.append(pid)
    return children


def spawn_other(app):
    gc.freeze()
    if os_fork() == 0:
        serve(app)
        os._exit(0)


def twice(app):
    first = os.fork()
    second = os.fork()
    return first, second


def serve(app):
    gc.freeze()
    pid = os.fork()
    if pid == 0:
        # A grandchild: freezing here would not help.
        inner = os.fork()
        os._exit(0)
    os.waitpid(pid, 0)


def run_tool(argv):
    pid = os.fork()
    if pid == 0:
        os.execvp(argv[0], argv)
    return os.waitpid(pid, 0)


def daemonize():
    if os.fork():
        sys.exit(0)
    os.setsid()
    pid = os.fork()
    if pid > 0:
        os._exit(0)


def spawn_after_return(app):
    pid = os.fork()
    if pid != 0:
        return pid
    # child from here on
    nested = os.fork()


lazy = lambda: os.fork()
x = 1; y = os.fork()

if __name__ == "__main__":
    app = load_app()
    spawn_workers(app, 4)
