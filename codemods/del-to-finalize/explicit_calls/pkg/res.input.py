# Issue 13 item 4: explicit `__del__` calls block only the classes they can reach.
import os


class SuperCalled:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class NamedCall:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class Constructed:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class SelfCall:
    def __init__(self, path):
        self.path = path

    def reset(self):
        self.__del__()

    def __del__(self):
        os.remove(self.path)
