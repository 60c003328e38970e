# As opentelemetry-api's `opentelemetry.trace.span.Span`: a public ABC, implemented in
# another distribution (opentelemetry-sdk) that sturdy's run on this project cannot see.
import abc


class Span(abc.ABC):
    @abc.abstractmethod
    def end(self): ...
