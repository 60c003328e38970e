import os


def handle(f, payload):
  if f:
    return f(**payload)
