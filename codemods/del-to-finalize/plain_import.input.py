import weakref
import subprocess


class Server:
    """Stops the child process when the server object goes away."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv)  # started first
        self.argv = argv

    def __del__(self):
        subprocess.call(["kill", "-TERM", str(self.proc)])
