"""The only call that would be rewritten is silenced by `# sturdy: skip`: nothing changes,
no helper is added and no import."""
import json


def handle(handler, raw):
    payload = json.loads(raw)
    return handler(  # sturdy: skip[signature-dispatch]
        **payload
    )
