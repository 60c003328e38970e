import os


class TempFile:
    def __init__(self, name):
        self.name = name\


    def __del__(self):
        os.remove(self.name)
