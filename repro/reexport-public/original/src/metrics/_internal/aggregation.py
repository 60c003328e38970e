# As opentelemetry.sdk.metrics._internal.aggregation.Aggregation: defined in a private
# module, re-exported by the public module metrics.view (its documented home).
from abc import ABC, abstractmethod


class Aggregation(ABC):
    @abstractmethod
    def _create_aggregation(self, instrument): ...
