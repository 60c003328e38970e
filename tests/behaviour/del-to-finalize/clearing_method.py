# A `__del__` that only calls a method whose body drops the instance's own
# references (redis's multidb `Pipeline.reset`): removed like a self-clearing
# `__del__`. The values are released at the same points: when the last reference
# goes, at `gc.collect()` for a reference cycle, and at exit for an object alive then;
# the method itself keeps working for the explicit calls.
import gc
import weakref

gc.disable()  # collections only where the program asks for them


class Command:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("command released:", self.name)


class Pipeline:
    def __init__(self, client):
        self._client = client
        self._command_stack = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.reset()

    def __del__(self):
        try:
            self.reset()
        except Exception:
            pass

    def queue(self, name):
        self._command_stack.append(Command(name))
        return self

    def __len__(self):
        return len(self._command_stack)

    def reset(self):
        self._command_stack = []


print("-- plain collection")
p = Pipeline("client").queue("get").queue("set")
print("queued:", len(p))
del p
print("after del")

print("-- explicit reset, then collection")
with Pipeline("client") as p:
    p.queue("incr")
print("after with:", len(p))
del p
print("after del")

print("-- reference cycle")
p = Pipeline(None)
p._client = p
p.queue("cyclic")
alive = weakref.ref(p)
del p
print("after del, alive:", alive() is not None)
gc.collect()
print("after collect, alive:", alive() is not None)

print("-- __init__ that raises")
try:
    Pipeline()
except TypeError as e:
    print("TypeError:", type(e).__name__)
gc.collect()

print("-- alive at exit")
kept = Pipeline("client").queue("kept")
print("end of program")
