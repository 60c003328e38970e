# `gc` bound in the function by an assignment expression or a `match` capture: it is
# local to the whole function, so a `gc.freeze()` before it raises `UnboundLocalError`.
import os


def spawn_walrus(items):
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    if (gc := items):
        print(gc)


def spawn_match(value):
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    match value:
        case [gc]:
            print(gc)
