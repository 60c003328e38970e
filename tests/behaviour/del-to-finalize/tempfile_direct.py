import gc
import os
import tempfile


class TempFileManager:
    def __init__(self, filename):
        self.filename = filename

    def __del__(self):
        os.remove(self.filename)


fd, name = tempfile.mkstemp()
os.close(fd)
m = TempFileManager(name)
print("exists before:", os.path.exists(name))
del m
gc.collect()
print("exists after:", os.path.exists(name))
