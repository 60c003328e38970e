import logging


def call(f, a, payload, extra, get_handler):
    f(a, b=1, **payload)
    f(**payload, b=2)
    f(*a, **payload)
    f(**payload, **extra)
    f(a, **payload, b=1, **extra)
    f(**(payload or {}), **extra)
    f(**payload or {})
    get_handler()(**payload)
    f(g(), **payload)
    f(**load_payload(), x=g())
    obj.method(**payload)["key"]
    return await_all(f(**payload), f2(**payload))


class User:
    @classmethod
    def from_dict(cls, data):
        return cls(**data)

    def save(self, row):
        self.store.insert(**row)
