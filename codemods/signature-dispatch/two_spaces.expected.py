import os
from myapp.util import dispatch_by_signature


def handle(f, payload):
  if f:
    return dispatch_by_signature(f, payload)
