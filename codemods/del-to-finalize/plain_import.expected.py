import weakref
import subprocess


class Server:
    """Stops the child process when the server object goes away."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv)  # started first
        self._finalizer = weakref.finalize(self, Server._finalize, self.proc)
        self.argv = argv

    @staticmethod
    def _finalize(proc):
        subprocess.call(["kill", "-TERM", str(proc)])
