import os


class Handle:
    def __init__(self, path):
        self.path = path

    def __del__(self):
        os.remove(self.path)
