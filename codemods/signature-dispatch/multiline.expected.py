import os
from myapp.util import dispatch_by_signature


def call(handler, a, payload, extra):
    dispatch_by_signature(
        handler,
        payload,
    )
    dispatch_by_signature(
        handler,
        payload,
        a,
        b=1,
    )
    dispatch_by_signature(
        handler,
        payload,
        a,  # the first argument
        # the data
    )
    dispatch_by_signature(
        # the data
        handler,
        payload
    )
    dispatch_by_signature(handler, payload, a)
    dispatch_by_signature(
        handler,
        {**payload, **extra},  # one
        # two
    )
