# Another distribution (as opentelemetry-sdk's `sdk.trace.Span(trace_api.Span, ReadableSpan)`):
# the interface comes first, the base with the state second, and `super().__init__(...)`
# reaches ReadableSpan.__init__ through the interface. Once `Span` is a Protocol, typing's
# `_no_init_or_replace_init` (the __init__ every Protocol gets) ends the chain there.
import sys

sys.path.insert(0, sys.argv[1])
from api_pkg import Span  # noqa: E402


class ReadableSpan:
    def __init__(self, name):
        self._name = name
        self._start_time = None


class SdkSpan(Span, ReadableSpan):
    def __init__(self, name):
        super().__init__(name)

    def end(self):
        pass


s = SdkSpan("request")
print("_start_time" in vars(s) and "ok" or f"broken: instance attributes {sorted(vars(s))}")
