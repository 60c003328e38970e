import os


class CallsMethod:
    def __init__(self):
        self.fd = 1

    def close(self):
        pass

    def __del__(self):
        self.close()


class PassesSelf:
    def __init__(self):
        self.fd = 1

    def __del__(self):
        unregister(self)


class UsesSuper(Base):
    def __init__(self):
        self.fd = 1

    def __del__(self):
        os.close(self.fd)
        super().__del__()


class UsesClassCell:
    def __init__(self):
        self.fd = 1

    def __del__(self):
        __class__.count -= 1


class ReturnsValue:
    def __init__(self):
        self.fd = 1

    def __del__(self):
        return os.close(self.fd)


class NotAssigned:
    def __init__(self):
        self.open()

    def open(self):
        self.fd, self.mode = os.open("x", os.O_RDONLY), "r"

    def __del__(self):
        os.close(self.fd)


class Conditional:
    def __init__(self, flag):
        if flag:
            self.fd = 1

    def __del__(self):
        os.close(self.fd)


class Reassigned:
    def __init__(self):
        self.fd = 1

    def reopen(self):
        self.fd = 2

    def __del__(self):
        os.close(self.fd)


class ReassignedLaterInInit:
    def __init__(self):
        self.fd = 1
        self.fd = 2

    def __del__(self):
        os.close(self.fd)


class NoInit:
    fd = None

    def __del__(self):
        print("bye", id(self))


class EarlyReturn:
    def __init__(self, fd):
        if fd < 0:
            return
        self.fd = fd

    def __del__(self):
        os.close(self.fd)


class Property:
    def __init__(self):
        self._fd = 1

    @property
    def fd(self):
        return self._fd

    def __del__(self):
        os.close(self.fd)


class Decorated:
    def __init__(self):
        self.fd = 1

    @some_decorator
    def __del__(self):
        os.close(self.fd)


class ExtraParams:
    def __init__(self):
        self.fd = 1

    def __del__(self, fd):
        os.close(fd)


class AssignsSelf:
    def __init__(self):
        self.fd = 1

    def __del__(self):
        os.close(self.fd)
        self.fd = os.dup(0)  # not a constant (a constant would be dropped)


class TupleSubclass(tuple):
    def __init__(self, *a):
        self.fd = 1

    def __del__(self):
        os.close(self.fd)


class SetattrHook:
    def __init__(self):
        self.fd = 1

    def __setattr__(self, k, v):
        object.__setattr__(self, k, v)

    def __del__(self):
        os.close(self.fd)


class OneLineInit:
    def __init__(self): self.fd = 1

    def __del__(self):
        os.close(self.fd)


class RefersBack:
    def __init__(self, widget):
        self.binders = [Binder(widget, self) for _ in range(3)]

    def __del__(self):
        for b in self.binders:
            b.unbind()


class DunderRead:
    def __init__(self):
        self.fd = 1

    def __del__(self):
        print(self.__dict__, self.fd)
