# Adapted from redis-py (redis/asyncio/client.py, PubSub): the cleanup passes
# `self.on_connect`, a bound method. It holds the instance, so a finalizer that
# captured it would keep the object alive forever (the reason says so; it used to
# say only that the method "would be read once at registration").
class PubSub:
    def __init__(self, connection):
        self.connection = connection

    def on_connect(self, connection):
        pass

    def __del__(self):
        if self.connection:
            self.connection.deregister_connect_callback(self.on_connect)
