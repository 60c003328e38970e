"""A callee taking **kwargs receives the whole payload."""


def audit(event, **fields):
    return f"{event}: {sorted(fields.items())}"


def run(handler, payload):
    return handler("saved", **payload)


print(run(audit, {"a": 1, "b": 2}))
print(run(audit, {}))
print(run(audit, {"event_id": 3, "z": None}))


def process(item, **options):
    return f"{item} {sorted(options)}"


def apply_all(handler, items, settings):
    return [handler(i, **settings) for i in items]


print(apply_all(process, ["x", "y"], {"fast": True, "retries": 3}))
