"""Keys passed along with a callback (`loop.add_callback(do_stop, **msg)`) are for
that callback, and the scheduler takes them with `**kwargs`: filtering by the
scheduler's signature changes nothing, so the call is left alone. Adapted from
distributed `nanny.py` (BSD-3-Clause)."""
import json


def watch_stop_q(loop, worker, child_stop_q):
    async def do_stop(*, worker, timeout=5, reason="nanny-stop"):
        return worker, timeout, reason

    msg = json.loads(child_stop_q.get())
    del msg["op"]
    loop.add_callback(do_stop, worker=worker, **msg)
