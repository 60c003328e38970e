import gc
import logging

bind = "unix:/run/app.sock"
workers = 4
preload_app = True

log = logging.getLogger(__name__)


def pre_fork(server, worker):
    """Log every worker we are about to fork."""
    log.info("forking worker %s", worker)


def post_fork(server, worker):
    # Reset per-process state.
    server.log.info("worker %s booted", worker.pid)  # trailing


def when_ready(server):
    server.log.info("ready")
