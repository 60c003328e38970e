# Warn if unclosed (issue 14), adapted from werkzeug's GuardedIterator: the warning
# comes when an unclosed instance is collected, never after `close()`.
import gc
import sys
import warnings


def show(message, category, filename, lineno, file=None, line=None):
    print("warning:", category.__name__, message)


warnings.showwarning = show
warnings.simplefilter("always")


class Iterator:
    def __init__(self, items):
        self._items = list(items)
        self.closed = False

    def close(self):
        self.closed = True

    def __del__(self, _warn=warnings.warn):
        if not self.closed:
            _warn("iterator collected before it was closed", ResourceWarning, source=self)


i = Iterator([1])
i.close()
del i
gc.collect()
print("closed one collected")

j = Iterator([2])
del j
print("unclosed one dropped")

k = Iterator([3])
k.cycle = k
del k
print("before collect")
gc.collect()
print("after collect")
sys.stdout.flush()
