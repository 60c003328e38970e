#!/usr/bin/env python3
# Copyright header.

# Handle one message: the comment stays with the function, the import goes above it.
def handle(f, payload):
    return f(**payload)
