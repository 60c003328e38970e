# Dead stores after cleanup (issue 14): `__del__` releases a resource and also sets
# attributes of the dying instance; the finalizer has no instance to set them on,
# and nothing could see the stores: they are dropped.
import os


# Adapted from pymongo/client_session_shared.py (`_TransactionBase`, pymongo 4.20;
# there `conn_mgr` is also rebound in `pin()`, so that class stays).
class TransactionBase:
    def __init__(self, client, conn_mgr):
        self.client = client
        self.conn_mgr = conn_mgr

    def __del__(self):
        if self.conn_mgr:
            # Return the connection to the pool soon.
            self.client._close_cursor_soon(0, None, self.conn_mgr)
            self.conn_mgr = None


class TopLevel:
    def __init__(self, client, conn_mgr):
        self.client = client
        self.conn_mgr = conn_mgr

    def __del__(self):
        try:
            self.client.release(self.conn_mgr)
        finally:
            self.client.close()
            self.client = None
        self.conn_mgr = None


# Adapted from tkinter/dnd.py (`DndHandler`): an alias, then the store.
class DndHandler:
    def __init__(self, root):
        self.root = root
        root.dnd_active = True

    def __del__(self):
        root = self.root
        self.root = None
        if root is not None:
            try:
                del root.dnd_active
            except AttributeError:
                pass


class Pipe:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self.closed = False

    def __del__(self):
        self.closed = True
        os.close(self.fd)
        self.fd = None
        self.buffer = None
