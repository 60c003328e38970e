# Lazily created resources: the attribute `__del__` releases is stored by methods,
# not by `__init__`. The finalizer follows the resource: after every store the old
# one is detached and a new one registered with the new value.
import asyncio
from contextlib import suppress
from ftplib import FTP, FTP_TLS
import weakref


# Adapted from fsspec (fsspec/implementations/ftp.py): `_connect` runs in
# `__init__` and again on reconnect; `__del__` is not guarded.
class FTPFileSystem:
    """A filesystem over classic FTP"""

    root_marker = "/"

    def __init__(self, host, port=21, timeout=30, tls=False):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.tls = tls
        self._connect()

    def _connect(self):
        if self.tls:
            ftp_cls = FTP_TLS
        else:
            ftp_cls = FTP
        self.ftp = ftp_cls(timeout=self.timeout)  # a new connection
        if self.__dict__.get("_finalizer") is not None:
            self._finalizer.detach()
        self._finalizer = weakref.finalize(self, FTPFileSystem._finalize, self.ftp)
        self.ftp.connect(self.host, self.port)

    def mv(self, path1, path2):
        self.ftp.rename(path1, path2)

    @staticmethod
    def _finalize(ftp):
        ftp.close()


# Adapted from distributed (distributed/diagnostics/progressbar.py): the
# connection is made in a coroutine; `__del__` swallows the `AttributeError` of an
# instance that never connected.
class ProgressBar:
    def __init__(self, scheduler, client=None):
        self.scheduler = scheduler
        self.client = None
        if client is not None:
            self.client = client

    async def listen(this):
        this.comm = await asyncio.open_connection(
            this.scheduler, **(this.client().connection_args if this.client else {})
        )
        if this.__dict__.get("_finalizer") is not None:
            this._finalizer.detach()
        this._finalizer = weakref.finalize(this, ProgressBar._finalize, this.comm)
        await this.comm.write({})

    def reconnect(self, new):
        if new is not None:
            self.comm = new
            if self.__dict__.get("_finalizer") is not None:
                self._finalizer.detach()
            self._finalizer = weakref.finalize(self, ProgressBar._finalize, self.comm)
    @staticmethod
    def _finalize(comm):
        with suppress(AttributeError):
            comm.abort()


# `hasattr` guard, no `__init__` at all.
class Lazy:
    def open(self, path):
        self.fh = open(path)
        if self.__dict__.get("_finalizer") is not None:
            self._finalizer.detach()
        self._finalizer = weakref.finalize(self, Lazy._finalize, self.fh)

    @staticmethod
    def _finalize(fh):
        if True:
            fh.close()
