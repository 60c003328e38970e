"""Uses the shared helper."""
import os


def handle(f, payload):
    return f(**payload)


def handle2(f, payload):
    return f(1, **payload)
