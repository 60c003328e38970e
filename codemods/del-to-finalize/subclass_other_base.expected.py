# A subclass with another base that defines `__del__`: which `__del__` runs for the
# subclass's instances depends on their order in its MRO.
import os


class Logged:
    def __del__(self):
        print("Logged.__del__")


# `Handle.__del__` comes first in `LoggedHandle`'s MRO and hides `Logged.__del__`:
# removing it would let `Logged.__del__` run for `LoggedHandle` instances.
class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)


class LoggedHandle(Handle, Logged):
    pass


class Quiet:
    def __del__(self):
        print("Quiet.__del__")


# `Quiet.__del__` comes first and hides `Pipe.__del__` for `QuietPipe` instances: a
# finalizer registered in `Pipe.__init__` would add the cleanup to them.
class Pipe:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def __del__(self):
        os.close(self.fd)


class QuietPipe(Quiet, Pipe):
    pass


class Muted:
    def __del__(self):
        print("Muted.__del__")


# Removing a self-clearing `__del__` that `Muted.__del__` hides changes nothing for
# `MutedNode` instances.
class Node:
    def __init__(self, info):
        self.info = info


class MutedNode(Muted, Node):
    pass


class Noisy:
    def __del__(self):
        print("Noisy.__del__")


# `Broken` has no consistent MRO (Python refuses to create it): with `Noisy.__del__`
# among its ancestors, which `__del__` would run is unknown.
class Leaf:
    def __init__(self, info):
        self.info = info

    def __del__(self):
        self.info = None


class LeafFirst(Leaf, Noisy):
    pass


class NoisyFirst(Noisy, Leaf):
    pass


class Broken(LeafFirst, NoisyFirst):
    pass
