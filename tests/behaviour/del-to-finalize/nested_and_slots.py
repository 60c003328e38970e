import gc

LOG = []


class Outer:
    class Inner:
        def __init__(self, tag):
            self.tag = tag

        def __del__(self):
            if self.tag:
                LOG.append("inner " + self.tag)


class Slotted:
    __slots__ = ("tag", "__weakref__")

    def __init__(self, tag):
        self.tag = tag

    def __del__(self):
        LOG.append("slotted " + self.tag)


x = Outer.Inner("x")
y = Slotted("y")
del x, y
gc.collect()
print(sorted(LOG))
