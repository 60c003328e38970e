"""A gunicorn config (recognised by its settings). Run directly, it hands itself to a
stand-in for gunicorn's arbiter (gunicorn_config/arbiter.py)."""
import sys

bind = "127.0.0.1:8000"
workers = 2
preload_app = True


def post_fork(server, worker):
    """Say hello from the worker."""
    print(f"worker {worker} booted")


if __name__ == "__main__":
    import os

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gunicorn_config"))
    import arbiter

    arbiter.main(__file__)
