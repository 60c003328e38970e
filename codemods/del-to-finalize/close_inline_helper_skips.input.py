# Methods called by the close method that sturdy does not inline, each with its reason.


class Base:
    def __init__(self, f):
        self.f = f

    def flush(self):
        self.f.flush()

    def close(self):
        self.flush()
        self.f.close()

    def __del__(self):
        self.close()


# A subclass overrides the helper: the cleanup function would run the base's.
class Buffered(Base):
    def flush(self):
        print("flushing buffered data")


class ReturnsEarly:
    def __init__(self, f):
        self.f = f

    def flush(self):
        if self.f.closed:
            return
        self.f.flush()

    def close(self):
        self.flush()
        self.f.close()

    def __del__(self):
        self.close()


class SharesNames:
    def __init__(self, items):
        self.items = items

    def _drain(self):
        for item in self.items:
            item.close()

    def close(self):
        item = self.items[0]
        self._drain()
        item.close()

    def __del__(self):
        self.close()



# The helper binds a name a later cleanup statement reads (a global here): inlined,
# it would make that name local to the whole cleanup function.
log = print


class ShadowsLater:
    def __init__(self, f):
        self.f = f

    def flush(self):
        log = self.f.name
        self.f.flush()

    def close(self):
        self.flush()
        log("closing")
        self.f.close()

    def __del__(self):
        self.close()
