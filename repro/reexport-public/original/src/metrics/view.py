from metrics._internal.aggregation import Aggregation

__all__ = ["Aggregation"]
