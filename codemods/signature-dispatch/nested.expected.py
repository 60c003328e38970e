import os
from myapp.util import dispatch_by_signature


def handle(f, g, payload, other):
    return dispatch_by_signature(f, {**dispatch_by_signature(g, payload), **message})
