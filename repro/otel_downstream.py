"""Downstream code against opentelemetry-api/-sdk, before and after `sturdy --write`.

Run with the harness's venv and trees (PYTHONPATH decides which copy is imported):
  C=~/.cache/sturdy-realworld
  for t in pristine/opentelemetry-api-1.45.3 work/opentelemetry-api/default; do
    PYTHONPATH=$C/$t/src:$C/pristine/opentelemetry-sdk-1.45.2/src \
      $C/venvs/opentelemetry-sdk-1.45.2/bin/python otel_downstream.py; done
and the same with the sdk trees (pristine/opentelemetry-sdk-1.45.2, work/opentelemetry-sdk/default).
"""

from opentelemetry.propagators.textmap import DefaultGetter, TextMapPropagator
from opentelemetry.propagators.composite import CompositePropagator
from opentelemetry.sdk.metrics.view import Aggregation, SumAggregation


def check(label, obj, cls):
    try:
        print(f"{label}: {isinstance(obj, cls)}")
    except TypeError as e:
        print(f"{label}: TypeError: {e}")


# As downstream code does to validate a propagator it loaded by name.
check("isinstance(CompositePropagator([]), TextMapPropagator)", CompositePropagator([]), TextMapPropagator)
check("isinstance(DefaultGetter(), TextMapPropagator)", DefaultGetter(), TextMapPropagator)
# opentelemetry.sdk.metrics.view.Aggregation is the documented public name.
check("isinstance(SumAggregation(), Aggregation)", SumAggregation(), Aggregation)
check("isinstance('sum', Aggregation)", "sum", Aggregation)
