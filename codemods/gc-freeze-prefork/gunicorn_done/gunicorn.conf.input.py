import gc
gc.disable()  # re-enabled in each worker by post_fork; see the gc.freeze() docs

bind = "0.0.0.0:8000"
preload_app = True


def pre_fork(server, worker):
    gc.freeze()


def post_fork(server, worker):
    gc.enable()
