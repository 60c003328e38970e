# Adapted from ptyprocess (pexpect/ptyprocess, ptyprocess/_fork_pty.py, ISC
# license): `fork_pty()` returns `(pid, fd)` and its caller execs in the child
# (issue 13, item 9). With `gc.freeze()` here every spawn froze the caller's heap
# for good (`gc.get_freeze_count()` 0 -> 11,605) and shared nothing.
import os
import errno

from pty import (STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO, CHILD)
from .util import PtyProcessError

def fork_pty():
    '''This implements a substitute for the functionality of pty.fork().'''

    parent_fd, child_fd = os.openpty()
    if parent_fd < 0 or child_fd < 0:
        raise OSError("os.openpty() failed")

    pid = os.fork()
    if pid == CHILD:
        # Child.
        os.close(parent_fd)
        pty_make_controlling_tty(child_fd)

        os.dup2(child_fd, STDIN_FILENO)
        os.dup2(child_fd, STDOUT_FILENO)
        os.dup2(child_fd, STDERR_FILENO)

    else:
        # Parent.
        os.close(child_fd)

    return pid, parent_fd

def pty_make_controlling_tty(tty_fd):
    child_name = os.ttyname(tty_fd)
    os.setsid()
    fd = os.open(child_name, os.O_RDWR)
    os.close(fd)
