# Skip reasons must be true facts about CPython (issue 14, item 5): `id(self)` is
# an int, not a reference to the instance, and an attribute read through another
# attribute (`self.proc.stdin`) holds what that object holds, not the instance.
import subprocess
import weakref

_REGISTRY = {}


class Registered:
    def __init__(self, name):
        self._finalizer = weakref.finalize(self, Registered._finalize, id(self))
        _REGISTRY[id(self)] = name

    @staticmethod
    def _finalize(self_id):
        _REGISTRY.pop(self_id, None)


class Shell:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
        self.stdin = self.proc.stdin
        self._finalizer = weakref.finalize(self, Shell._finalize, self.stdin)

    @staticmethod
    def _finalize(stdin):
        stdin.close()


class Callback:
    def __init__(self, bus):
        # A bound method refers to the instance: this one stays.
        self.handler = self.on_event
        bus.subscribe(self.handler)

    def on_event(self, event):
        pass

    def __del__(self):
        unsubscribe(self.handler)
