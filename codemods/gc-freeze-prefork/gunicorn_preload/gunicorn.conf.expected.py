"""Production gunicorn settings."""
import multiprocessing
import gc
gc.disable()  # re-enabled in each worker by post_fork; see the gc.freeze() docs

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
# Load the app once in the master so workers share its memory.
preload_app = True


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
