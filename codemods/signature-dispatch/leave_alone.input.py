import functools
import string
from collections import Counter, OrderedDict, defaultdict
from dataclasses import replace
from types import SimpleNamespace


def wrap(*args, **kwargs):
    return target(*args, **kwargs)


class Child(Base):
    def __init__(self, name, **kw):
        super().__init__(**kw)
        self.helper = make(name, **kw)

        def inner():
            return later(**kw)

    def clone(self, **changes):
        return type(self)(**self.__dict__)

    def copy(self):
        return self.__class__(**vars(self))

    @classmethod
    def make(cls, options):
        super().__init__(**options)


def consumers(d, template):
    dict(**d)
    d.update(**d)
    "{a}".format(**d)
    str.format("{a}", **d)
    template.format_map(**d)
    functools.partial(f, **d)
    partial(f, **d)
    OrderedDict(**d)
    defaultdict(list, **d)
    Counter(**d)
    type("X", (), **d)
    SimpleNamespace(**d)
    replace(obj, **d)
    obj._replace(**d)
    string.Template(template).substitute(**d)
    f(**{"a": 1, "b": 2})
    f(**{"a": 1}, **{"b": 2})
    lam = lambda **kw: f(**kw)
    f(**dict(a=1, b=2))


def captured(self, other, options, run_kwargs, dump_args):
    self._target(*self._args, **self._kwargs)
    f(*other, **payload)
    f(**self._kwargs)
    f(**ba.kwargs)
    f(**run_kwargs)
    f(**options)
    f(**dump_args)
    f(**other.__dict__)
    f(**vars(other))
    f(**locals())
    dispatch_by_signature(f, payload, **self.kw)
