# `acme` and `acme.propagators` are PEP 420 namespace packages (no __init__.py), as
# `opentelemetry` and `opentelemetry.propagators` are in opentelemetry-api:
# other distributions add modules to them (opentelemetry-propagator-b3, ...).
import abc


class TextMapPropagator(abc.ABC):
    @abc.abstractmethod
    def extract(self, carrier): ...

    @abc.abstractmethod
    def inject(self, carrier): ...
