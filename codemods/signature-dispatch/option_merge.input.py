from myapp.util import other


def handle(f, payload):
    return f(**payload)
