# Code outside the project: it imports the interface from its public module.
import sys

sys.path.insert(0, sys.argv[1])
from metrics.view import Aggregation  # noqa: E402


def configure(aggregation):
    if not isinstance(aggregation, Aggregation):
        return "rejected: not an Aggregation"
    return "accepted"


print(configure("sum"))
