# Adapted from ptyprocess (pexpect/ptyprocess, ptyprocess/ptyprocess.py): the
# caller of `fork_pty()` execs in the child, so nothing is shared copy-on-write.
import os
import pty

from ._fork_pty import fork_pty


class PtyProcess(object):
    @classmethod
    def spawn(cls, argv, env=None, use_native_pty_fork=True):
        if use_native_pty_fork:
            pid, fd = pty.fork()
        else:
            # Use internal fork_pty, for Solaris
            pid, fd = fork_pty()

        if pid == pty.CHILD:
            if env is None:
                os.execv(argv[0], argv)
            else:
                os.execvpe(argv[0], argv, env)

        inst = cls(pid, fd)
        return inst

    def __init__(self, pid, fd):
        self.pid = pid
        self.fd = fd
