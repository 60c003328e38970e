import logging
from myapp.util import dispatch_by_signature


def call(f, a, payload, extra, get_handler):
    dispatch_by_signature(f, payload, a, b=1)
    dispatch_by_signature(f, payload, b=2)
    f(*a, **payload)
    dispatch_by_signature(f, {**payload, **extra})
    dispatch_by_signature(f, {**payload, **extra}, a, b=1)
    dispatch_by_signature(f, {**(payload or {}), **extra})
    dispatch_by_signature(f, payload or {})
    dispatch_by_signature(get_handler(), payload)
    dispatch_by_signature(f, payload, g())
    dispatch_by_signature(f, load_payload(), x=g())
    dispatch_by_signature(obj.method, payload)["key"]
    return await_all(dispatch_by_signature(f, payload), dispatch_by_signature(f2, payload))


class User:
    @classmethod
    def from_dict(cls, data):
        return dispatch_by_signature(cls, data)

    def save(self, row):
        dispatch_by_signature(self.store.insert, row)
