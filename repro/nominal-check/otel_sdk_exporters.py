from unittest import mock
from opentelemetry.sdk._configuration import _import_exporters, _import_id_generator
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

class MySpanExporter(SpanExporter):
    def export(self, spans): return SpanExportResult.SUCCESS
    def shutdown(self): pass
    def force_flush(self, timeout_millis=30000): return True

# A span exporter named as a log exporter by mistake (OTEL_LOGS_EXPORTER=myspan).
with mock.patch("opentelemetry.sdk._configuration._import_config_components",
                side_effect=lambda names, group: [(n, MySpanExporter) for n in names]):
    try:
        print("logs:", _import_exporters([], [], ["myspan"])[2])
    except RuntimeError as e:
        print("RuntimeError:", e)

class NotAnIdGenerator:
    def generate_span_id(self): return 1
    def generate_trace_id(self): return 2
with mock.patch("opentelemetry.sdk._configuration._import_config_components",
                side_effect=lambda names, group: [(n, NotAnIdGenerator) for n in names]):
    try:
        print("idgen:", _import_id_generator("x"))
    except RuntimeError as e:
        print("RuntimeError:", e)
