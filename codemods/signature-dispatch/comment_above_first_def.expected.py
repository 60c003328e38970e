#!/usr/bin/env python3
# Copyright header.

from myapp.util import dispatch_by_signature

# Handle one message: the comment stays with the function, the import goes above it.
def handle(f, payload):
    return dispatch_by_signature(f, payload)
