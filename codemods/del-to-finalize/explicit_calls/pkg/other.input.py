import os


class Imported:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)


class SameModule:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)
