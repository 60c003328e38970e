import os


def handle(f, g, payload, other):
    return f(**g(**payload), **message)
