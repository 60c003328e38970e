# Self-clearing `__del__` bodies that stay: each breaks one condition of the shape.
class Setattr:
    def __init__(self):
        self.info = {}

    def __setattr__(self, name, value):
        print("set", name)
        object.__setattr__(self, name, value)

    def __del__(self):
        self.info = None


class Tracked:
    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)


class DelattrBase(Tracked):
    def __init__(self):
        self.cache = []

    def __del__(self):
        del self.cache


class Descriptor:
    def __init__(self):
        self._info = None

    @property
    def info(self):
        return self._info

    @info.setter
    def info(self, value):
        print("setter")
        self._info = value

    def __del__(self):
        self.info = None


class Base:
    info = property(lambda self: None, lambda self, value: print("set"))


class ClassLevelInBase(Base):
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


class Other:
    def __del__(self):
        print("Other.__del__")


class Mixed:
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


class Sub(Mixed, Other):
    pass


def frozen(cls):
    return cls


@frozen
class Decorated:
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


class Defaults:
    def __init__(self):
        self.info = {}

    def __del__(self, _none=None):
        self.info = None


class Explicit:
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


def use():
    e = Explicit()
    e.__del__()


class NotConstant:
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = make()


class Conditional:
    if True:
        info = property(lambda self: 1)

    def __del__(self):
        self.info = None


class Plain:
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


class PropertySub(Plain):
    @property
    def info(self):
        return {}


class Chained:
    def __init__(self):
        self.info = {}

    def __del__(self):
        self.info = None


class ChainedSub(Chained):
    def __del__(self):
        print("sub")
        super().__del__()
