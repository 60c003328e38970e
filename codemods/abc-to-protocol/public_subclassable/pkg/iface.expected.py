"""A library's interfaces: `Span` is public, so code outside this project may subclass
it (say `class SdkSpan(Span, ReadableSpan)` calling `super().__init__()`); `_Sink` is
private."""

from abc import ABC, abstractmethod
from typing import Protocol


class Span(ABC):
    @abstractmethod
    def end(self) -> None: ...


class _Sink(Protocol):
    @abstractmethod
    def write(self, data: bytes) -> None: ...
