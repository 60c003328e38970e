import os


class Outer:
    class Inner:
        def __init__(self, path):
            self.path = path

        def __del__(self):
            if self.path:
                os.remove(self.path)


def factory():
    @decorate
    class Local:
        def __init__(self, path):
            self.path = path

        def __del__(self):
            print("bye")
            os.remove(self.path)

    return Local


def decorate(cls):
    return cls
