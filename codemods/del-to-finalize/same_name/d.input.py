import os

from c import Resource


class Temp(Resource):
    def __del__(self):
        os.remove(self.path + ".tmp")
