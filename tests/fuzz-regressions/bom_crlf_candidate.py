import os


class T:
    def __init__(self, p):
        self.p = p

    def __del__(self):
        os.remove(self.p)
