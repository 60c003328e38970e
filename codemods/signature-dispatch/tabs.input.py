import os


def handle(f, payload):
	return f(**payload)
