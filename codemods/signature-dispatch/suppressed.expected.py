"""`# sturdy: skip` on one call leaves only that call alone (issue 16 item 9): the other
call is still rewritten, and the helper comes with it."""
import json
from myapp.util import dispatch_by_signature


def handle(handler, raw):
    payload = json.loads(raw)
    handler(**payload)  # sturdy: skip
    return dispatch_by_signature(handler, payload)
