"""Minimal reproduction of the opentelemetry-sdk finding (see ../README.md).

`_import_exporters` in opentelemetry/sdk/_configuration/__init__.py validates each
configured log exporter with `issubclass(cls, LogRecordExporter)`: a nominal check
while LogRecordExporter is an ABC. abc-to-protocol makes it a `@runtime_checkable`
Protocol, and the check becomes structural: a span exporter configured as a log
exporter by mistake is accepted instead of rejected.
"""

import abc


class LogRecordExporter(abc.ABC):
    @abc.abstractmethod
    def export(self, batch): ...

    @abc.abstractmethod
    def shutdown(self): ...


class SpanExporter:
    """Not a log exporter: it only has methods of the same names."""

    def export(self, spans):
        return "exported spans"

    def shutdown(self):
        pass


def import_log_exporter(name, cls):
    if issubclass(cls, LogRecordExporter):
        return cls
    raise RuntimeError(f"{name} is not a log exporter")


if __name__ == "__main__":
    try:
        import_log_exporter("myspan", SpanExporter)
        print("accepted SpanExporter as a log exporter")
    except RuntimeError as e:
        print("RuntimeError:", e)
    print(isinstance(SpanExporter(), LogRecordExporter))
