def handle(f, payload):
\
    return f(**payload)
