# A regular package next to the namespace one, for comparison.
import abc


class Tracer(abc.ABC):
    @abc.abstractmethod
    def start_span(self, name): ...
