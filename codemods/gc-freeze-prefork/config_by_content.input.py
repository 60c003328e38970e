# Deployed with: gunicorn -c deploy/settings.py app:app
bind = "127.0.0.1:9000"
workers = 8
worker_class = "sync"
preload_app = True


def post_fork(server, worker): server.log.info("booted")
