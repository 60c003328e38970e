from myapp.util import dispatch_by_signature


def handle(f, payload):
    return f(**payload)
