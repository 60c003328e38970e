# `__del__` calling a self-clearing method stays when the call may reach
# something else, or the method does more than drop references.


class Overridden:
    def __init__(self):
        self.stack = []

    def __del__(self):
        self.reset()

    def reset(self):
        self.stack = []


class Closing(Overridden):
    def reset(self):
        self.stack = []
        print("closed")


class Shadowed:
    def __init__(self, hook=None):
        self.items = []
        if hook is not None:
            self.flush = hook

    def __del__(self):
        self.flush()

    def flush(self):
        self.items = []


class Intercepted:
    def __init__(self):
        self.items = []

    def __getattribute__(self, name):
        return object.__getattribute__(self, name)

    def __del__(self):
        self.flush()

    def flush(self):
        self.items = []


class WithHandler:
    def __init__(self):
        self.items = []

    def __del__(self):
        try:
            self.flush()
        except Exception:
            print("failed")

    def flush(self):
        self.items = []
