import os


def call(handler, a, payload, extra):
    handler(
        **payload,
    )
    handler(
        a,
        b=1,
        **payload,
    )
    handler(
        a,  # the first argument
        **payload,  # the data
    )
    handler(
        # the data
        **payload
    )
    handler(a,
            **payload)
    handler(
        **payload,  # one
        **extra,  # two
    )
