"""Nested rewrites, including ones whose text moves: a payload in front of positional
arguments, later spreads merged into one mapping, a callee that is itself rewritten."""


def load_payload(b, value=0):
    return {"value": value + b, "extra": True}


def f(a, value=0):
    return a * 100 + value


def get_handler(kind="f"):
    return {"f": f, "g": load_payload}[kind]


class Chain:
    def m(self, value=0):
        self.value = value
        return self

    def n(self, value=0):
        return self.value + value


def each(payload, message, selector):
    yield lambda: f(1, **load_payload(2, **payload))
    yield lambda: get_handler(**selector)(3, **payload)
    yield lambda: f(4, **{"extra": 1}, **load_payload(5, **payload))
    yield lambda: f(**load_payload(6, **payload), **message)
    yield lambda: Chain().m(**payload).n(**payload)


def show(payload, message, selector):
    for call in each(payload, message, selector):
        try:
            print(call())
        except TypeError as error:
            print(f"TypeError: {error}")


show({"value": 1}, {"a": 9}, {"kind": "f"})
show({"value": 1, "junk": 2}, {"a": 9, "junk": 3}, {"kind": "f", "junk": 4})
