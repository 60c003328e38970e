"""gunicorn settings for the orders service (gunicorn -c gunicorn.conf.py orders.wsgi:app)."""
import multiprocessing

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
# Import the application once in the master so workers share its memory.
preload_app = True


def post_fork(server, worker):
    server.log.info("worker %s spawned", worker.pid)
