from pkg.nodes import Base


class Sub(Base):
    @property
    def info(self):
        return None

    @info.setter
    def info(self, value):
        print("set in a subclass")
