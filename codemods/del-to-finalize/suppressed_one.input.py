# Issue 16 item 9: a skip comment on one class (above the class or above its
# `__del__`) leaves that class alone and converts the other class of the file.
import os


class Kept:
    def __init__(self, path):
        self.path = path

    # sturdy: skip -- the path is removed by the test harness
    def __del__(self):
        os.remove(self.path)


class Converted:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


# sturdy: skip
class WholeClass:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)
