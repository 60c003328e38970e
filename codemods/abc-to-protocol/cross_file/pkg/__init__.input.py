from .sinks import DataSink
