# Redundant `__del__` (issue 14, shape 4): the class registers `weakref.finalize`
# for its cleanup already, and `__del__` only calls the finalizer.
import os
import weakref


class Handle:
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)
        self._finalizer = weakref.finalize(self, os.close, self.fd)

    def close(self):
        self._finalizer()


def _do_finalize_object_ref(obj_ref):
    obj = obj_ref()
    if obj is not None:
        obj._do_finalize_object()


# Adapted from usb/_objfinalizer.py (`AutoFinalizedObject`, pyusb 1.3; there the
# registration is in `__new__`): the finalizer only holds a weak reference, dead by
# the time the instance is collected, so `__del__` is what runs the cleanup then.
class AutoFinalizedObject:
    def __init__(self):
        self._finalizer = weakref.finalize(
            self, _do_finalize_object_ref, weakref.ref(self)
        )

    def _do_finalize_object(self):
        pass

    def __del__(self):
        self._finalizer()
