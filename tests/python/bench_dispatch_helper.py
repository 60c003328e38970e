"""Micro-benchmark: dispatch_by_signature (cached path) vs. a direct call.

Not a test: it only prints timings and never fails on them. Run from anywhere:

    python3 tests/python/bench_dispatch_helper.py

Direct and dispatched calls are timed in alternation (best of several repeats) so
that background load affects both sides alike.
"""

import os
import sys
import timeit

HELPER_PATH = os.path.normpath(
    os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "codemods", "signature-dispatch", "dispatch_helper.py"
    )
)
TARGET_RATIO = 2.0
REPEAT = 9


def load_helper():
    with open(HELPER_PATH, encoding="utf-8") as handle:
        source = handle.read()
    namespace = {}
    exec(compile(source, HELPER_PATH, "exec"), namespace)
    return namespace["dispatch_by_signature"]


def make_handler():
    def handler(user_id, action, amount, currency="EUR", note=None):
        return user_id

    return handler


class Service:
    def handle(self, user_id, action, amount, currency="EUR", note=None):
        return user_id


def best_of(statements, namespace):
    """Best ns/call for each statement, timing the statements in alternation."""
    timers = [timeit.Timer(statement, globals=namespace) for statement in statements]
    number = max(max(timer.autorange()[0] for timer in timers), 20000)
    best = [float("inf")] * len(timers)
    for _ in range(REPEAT):
        for index, timer in enumerate(timers):
            best[index] = min(best[index], timer.timeit(number) / number * 1e9)
    return best


def compare(label, direct_statement, dispatch_statement, namespace):
    direct, dispatched = best_of([direct_statement, dispatch_statement], namespace)
    print(label)
    print("  direct   %-48s %7.1f ns/call" % (direct_statement, direct))
    print("  dispatch %-48s %7.1f ns/call" % (dispatch_statement, dispatched))
    print("  dispatch/direct ratio: %.1fx (target <= %.1fx)" % (dispatched / direct, TARGET_RATIO))


def main():
    dispatch_by_signature = load_helper()
    exact = {"user_id": 1, "action": "buy", "amount": 3, "currency": "USD", "note": "n"}
    extra = {"user_id": 1, "action": "buy", "amount": 3, "currency": "USD", "trace_id": "t"}
    filtered = {key: value for key, value in extra.items() if key != "trace_id"}
    namespace = {
        "dispatch_by_signature": dispatch_by_signature,
        # Separate (identical) handlers: one only ever gets exactly-accepted payloads,
        # the other gets payloads with extra keys (and then also exact ones).
        "handler": make_handler(),
        "handler_x": make_handler(),
        "service": Service(),
        "exact": exact,
        "extra": extra,
        "filtered": filtered,
    }
    # Warm the signature cache so only the cached path is measured.
    assert dispatch_by_signature(namespace["handler"], exact) == 1
    assert dispatch_by_signature(namespace["handler_x"], extra) == 1
    assert dispatch_by_signature(namespace["service"].handle, extra) == 1

    print("Python %s" % sys.version.split()[0])
    compare(
        "plain function, payload keys all accepted (5 keys)",
        "handler(**exact)",
        "dispatch_by_signature(handler, exact)",
        namespace,
    )
    compare(
        "plain function, payload with an extra key (5 keys, 4 accepted)",
        "handler_x(**filtered)",
        "dispatch_by_signature(handler_x, extra)",
        namespace,
    )
    compare(
        "plain function that also got extra keys before, keys all accepted",
        "handler_x(**exact)",
        "dispatch_by_signature(handler_x, exact)",
        namespace,
    )
    compare(
        "bound method, payload with an extra key (informational)",
        "service.handle(**filtered)",
        "dispatch_by_signature(service.handle, extra)",
        namespace,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
