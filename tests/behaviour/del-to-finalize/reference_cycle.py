import gc

LOG = []


def close(name):
    LOG.append("closed " + name)


class Node:
    def __init__(self, name):
        self.name = name
        self.peer = None

    def __del__(self):
        close(self.name)


a = Node("a")
b = Node("b")
a.peer = b
b.peer = a
del a, b
print("before collect:", sorted(LOG))
gc.collect()
print("after collect:", sorted(LOG))
