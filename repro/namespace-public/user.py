# Code outside the project (a user of the library, not in sturdy's run), as in
# downstream code that does `isinstance(instance, TextMapPropagator)`.
import sys

sys.path.insert(0, sys.argv[1])
from acme.propagators.textmap import TextMapPropagator  # noqa: E402
from acme.trace import Tracer  # noqa: E402


class B3(TextMapPropagator):
    def extract(self, carrier):
        return carrier

    def inject(self, carrier):
        pass


for cls in (TextMapPropagator, Tracer):
    try:
        print(cls.__name__, isinstance(B3(), cls))
    except TypeError as e:
        print(cls.__name__, "TypeError:", e)
