from myapp.util import other, dispatch_by_signature


def handle(f, payload):
    return dispatch_by_signature(f, payload)
