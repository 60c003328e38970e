import sys


def dispatch_by_signature(func, payload):
    return func(**payload)


def handle(f, payload):
    return f(**payload)
