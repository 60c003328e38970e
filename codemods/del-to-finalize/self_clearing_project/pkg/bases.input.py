class Described:
    # A data descriptor: `obj.info = None` runs the setter.
    @property
    def info(self):
        return self._info

    @info.setter
    def info(self, value):
        print("info set")
        self._info = value


class Plain:
    info = None
    kind = "plain"


class Guarded:
    if True:
        info = None
