#!/usr/bin/env python3
# Copyright header.

# Handle one message.
def handle(f, payload):
    return f(**payload)
