# Dead stores after cleanup (issue 14): `__del__` releases a resource and also sets
# attributes of the dying instance; the finalizer has no instance to set them on,
# and nothing could see the stores: they are dropped.
import os
import weakref


# Adapted from pymongo/client_session_shared.py (`_TransactionBase`, pymongo 4.20;
# there `conn_mgr` is also rebound in `pin()`, so that class stays).
class TransactionBase:
    def __init__(self, client, conn_mgr):
        self.client = client
        self.conn_mgr = conn_mgr
        self._finalizer = weakref.finalize(self, TransactionBase._finalize, self.conn_mgr, self.client)

    @staticmethod
    def _finalize(conn_mgr, client):
        if conn_mgr:
            # Return the connection to the pool soon.
            client._close_cursor_soon(0, None, conn_mgr)


class TopLevel:
    def __init__(self, client, conn_mgr):
        self.client = client
        self.conn_mgr = conn_mgr
        self._finalizer = weakref.finalize(self, TopLevel._finalize, self.client, self.conn_mgr)

    @staticmethod
    def _finalize(client, conn_mgr):
        try:
            client.release(conn_mgr)
        finally:
            client.close()


# Adapted from tkinter/dnd.py (`DndHandler`): an alias, then the store.
class DndHandler:
    def __init__(self, root):
        self.root = root
        self._finalizer = weakref.finalize(self, DndHandler._finalize, self.root)
        root.dnd_active = True

    @staticmethod
    def _finalize(root):
        if root is not None:
            try:
                del root.dnd_active
            except AttributeError:
                pass


class Pipe:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = weakref.finalize(self, Pipe._finalize, self.fd)
        self.closed = False

    @staticmethod
    def _finalize(fd):
        os.close(fd)
