from pkg.bases import Described, Guarded, Plain


class UnderDescriptor(Described):
    def __init__(self):
        self._info = {}

    def __del__(self):
        self.info = None


class UnderPlain(Plain):
    def __init__(self):
        self.info = {}


class UnderCompound(Guarded):
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


class Base:
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None
