import os


class Resource:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)
