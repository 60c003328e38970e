"""A tiny stand-in for gunicorn's arbiter, in the order gunicorn 27 uses:
BaseApplication.do_load_config executes the config file (get_config_from_filename ->
exec_module), Arbiter.setup then loads the preloaded app (self.app.wsgi()), and
Arbiter.spawn_worker calls pre_fork, os.fork() and, in the child, post_fork."""
import gc
import os
import runpy
import sys


def main(config_path):
    cfg = runpy.run_path(config_path, run_name="__config__")
    app = [[i] for i in range(5000)]  # the preloaded application
    print(f"master collects while loading: {gc.isenabled()}")
    pre_fork = cfg.get("pre_fork", lambda server, worker: None)
    post_fork = cfg.get("post_fork", lambda server, worker: None)
    for n in range(cfg["workers"]):
        pre_fork(None, n)
        pid = os.fork()
        if pid == 0:
            post_fork(None, n)
            frozen = gc.get_freeze_count() > 0
            print(f"worker {n}: app={len(app)} gc enabled={gc.isenabled()} frozen={frozen}")
            sys.stdout.flush()
            os._exit(0)
        os.waitpid(pid, 0)
    print("master done")
