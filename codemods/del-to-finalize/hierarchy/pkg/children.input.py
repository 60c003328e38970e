from .base import Base, ExplicitlyCalled, GoodBase, HasOwnDelChild, Parent


class NoSuperInit(Base):
    def __init__(self, path):
        self.path = path + ".tmp"


class CallsSuperDel(Parent):
    def __del__(self):
        print("child cleanup")
        super().__del__()


class OwnDel(HasOwnDelChild):
    def __del__(self):
        print("child cleanup")


class GoodChild(GoodBase):
    def __init__(self, path):
        super().__init__(path)
        self.extra = 1


def shutdown(obj):
    ExplicitlyCalled.__del__(obj)
