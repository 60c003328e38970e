# `self.x(...)` in `__del__` where `x` may not be the value `__init__` stored.


class Base:
    pass


# A base class could define `report` as a property or a data descriptor.
class Derived(Base):
    def __init__(self, name):
        self.name = name
        self.report = print

    def __del__(self):
        self.report("deleting", self.name)
        self.report("done")


# `__getattribute__` answers for every attribute.
class Dynamic:
    def __init__(self, name):
        self.name = name
        self.report = print

    def __getattribute__(self, attr):
        return object.__getattribute__(self, attr)

    def __del__(self):
        self.report("deleting", self.name)
        self.report("done")


# A subclass could define `report` as a property.
class Parent:
    def __init__(self, name):
        self.name = name
        self.report = print

    def __del__(self):
        self.report("deleting", self.name)
        self.report("done")


class Child(Parent):
    pass


# A method of the class: calling it needs the instance.
class Method:
    def __init__(self, name):
        self.name = name

    def report(self, *args):
        print(*args)

    def __del__(self):
        self.report("deleting", self.name)
        self.report("done")
