"""A hand-written pre-fork server: load the app, fork workers, report from each."""
import gc
import os
import sys


def load_app():
    # Long-lived objects the workers should share copy-on-write.
    return {"routes": [{"path": f"/r/{i}", "handler": [i]} for i in range(5000)]}


def serve(app, n):
    frozen = gc.get_freeze_count() > 0
    print(f"worker {n}: routes={len(app['routes'])} frozen={frozen}")
    sys.stdout.flush()


def spawn_workers(app, n):
    for i in range(n):
        # One worker at a time, so the output order is fixed.
        pid = os.fork()
        if pid == 0:
            serve(app, i)
            os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    app = load_app()
    sys.stdout.flush()
    spawn_workers(app, 2)
    print("master done")
