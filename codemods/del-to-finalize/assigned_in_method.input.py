# Adapted from fsspec (fsspec/implementations/ftp.py, FTPFileSystem): the resource is
# created by a method (`_connect`, which a reconnect calls again), not by `__init__`.
# The reason names that method instead of telling the user to assign it in `__init__`.
from ftplib import FTP


class FTPFileSystem:
    def __init__(self, host):
        self.host = host
        self._connect()

    def _connect(self):
        self.ftp = FTP(self.host)

    def __del__(self):
        self.ftp.close()
