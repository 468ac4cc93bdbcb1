"""Record and replay: ``mock-api record`` proxies a real API, watches its tasks and resources, and
writes what it saw as scenario YAML that ``mock-api serve --scenarios DIR`` replays.

Modules: ``proxy`` (forwarding WSGI app), ``tracker`` (exchanges → observations), ``observations``
(the plain data), ``export`` (observations → scenario document: pure), ``anonymize``, ``masking``
(secrets), ``spec_check`` (``--validate``), ``writer`` and ``report`` (the files), ``session`` (one
recording), ``command`` (the CLI).

For other producers of observations (e.g. the mock's own journal)::

    from mock_api.record import TaskObservation, ObservedStep, ObservedOutcome, export_scenarios, render_yaml
"""
from .export import ScenarioExport, export_scenarios
from .observations import Answer, ObservedOutcome, ObservedStep, ResourceObservation, TaskObservation, group_answers
from .writer import render_yaml

__all__ = ["Answer", "ObservedOutcome", "ObservedStep", "ResourceObservation", "ScenarioExport", "TaskObservation",
           "export_scenarios", "group_answers", "render_yaml"]
