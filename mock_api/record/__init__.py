"""Record and replay: ``mock-api record`` proxies a real API, watches its tasks and resources, and
writes what it saw as scenario YAML that ``mock-api serve --scenarios DIR`` replays.

Modules: ``proxy`` (forwarding WSGI app), ``tracker`` (exchanges → observations), ``observations``
(the plain data), ``export`` (observations → scenario document: pure), ``anonymize``, ``masking``
(secrets), ``spec_check`` (``--validate``), ``writer`` and ``report`` (the files), ``session`` (one
recording), ``command`` (the CLI).

For other producers of observations (e.g. the mock's own journal)::

    from mock_api.record import TaskObservation, ObservedStep, ObservedOutcome, export_scenarios, render_yaml
"""
from importlib import import_module
from typing import Any

DEFAULT_TIMEOUT = 60.0  # seconds to wait for the upstream's answer (the proxy's default and the command's)

# Loaded on first use: `mock-api serve` imports the record command (for its arguments) but never
# records, and these cost 10 ms of its start-up (docs/performance.md).
_HOMES = {"ScenarioExport": "export", "export_scenarios": "export", "Answer": "observations",
          "ObservedOutcome": "observations", "ObservedStep": "observations", "ResourceObservation": "observations",
          "TaskObservation": "observations", "group_answers": "observations", "render_yaml": "writer"}
__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_HOMES[name]}", __name__), name)
