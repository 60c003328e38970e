import os
try:
    import posix
except ImportError:
    import nt as posix

pid = os.fork()
if pid == 0:
    posix.execv("/bin/true", ["true"])
