# sturdy: dispatch helper (signature-dispatch); call a handler with only the payload keys it accepts.
def dispatch(func, payload, /, *args, **kwargs):
    return func(*args, **payload, **kwargs)


def run(f, payload):
    return f(**payload)
