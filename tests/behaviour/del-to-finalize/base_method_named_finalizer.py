"""A base class of the project with a method called `_finalizer`: the converted
subclass must keep its finalizer under another name, or the base's own calls of
`self._finalizer()` would run the subclass's cleanup early (and lose the method)."""

import gc

events = []


class Base:
    def _finalizer(self):
        return "the base's own method"

    def describe(self):
        return self._finalizer()


class Handle(Base):
    def __init__(self, name):
        self.name = name

    def __del__(self):
        events.append(f"released {self.name}")


h = Handle("h")
print(h.describe())
print("events before collection:", events)
del h
gc.collect()
print("events after collection:", events)
