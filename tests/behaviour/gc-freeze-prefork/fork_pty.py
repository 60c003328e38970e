"""A library's fork helper whose caller execs in the child (issue 13, item 9).

Adapted from ptyprocess (pexpect/ptyprocess: `_fork_pty.fork_pty` returns
`(pid, fd)`; `PtyProcess.spawn` execs in the child), with a pipe instead of a pty.
`gc.freeze()` in `fork_pty` froze the caller's heap for good on every spawn
(`gc.get_freeze_count()` 0 -> 11,605) and shared nothing. The worker fork below
keeps running this program's code: that one qualifies.
"""
import gc
import os
import sys

CHILD = 0


def fork_pty():
    parent_fd, child_fd = os.pipe()
    pid = os.fork()
    if pid == CHILD:
        # Child.
        os.close(parent_fd)
        os.dup2(child_fd, 1)
    else:
        # Parent.
        os.close(child_fd)
    return pid, parent_fd


def spawn(argv):
    pid, fd = fork_pty()
    if pid == CHILD:
        os.execv(argv[0], argv)
    out = b""
    while chunk := os.read(fd, 1024):
        out += chunk
    os.close(fd)
    os.waitpid(pid, 0)
    return out.decode().strip()


def spawn_workers(n):
    for i in range(n):
        pid = os.fork()
        if pid == 0:
            print(f"worker {i}")
            sys.stdout.flush()
            os._exit(0)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    print(spawn([sys.executable, "-c", "print('hello from the exec-ed child')"]))
    print("frozen after spawn:", gc.get_freeze_count() > 0)
    sys.stdout.flush()
    spawn_workers(1)
