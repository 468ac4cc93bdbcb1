"""Task observations → a scenario document: one scenario per distinct behaviour.

A pure function of its input. A *behaviour* is a commandType with its sequence of running statuses
and its outcome (error triple and additionalInfo, or completed with its ``response.resource``).
Observations of one behaviour are merged (the lower median of each step's polls and seconds, so the
same input always gives the same file). When a commandType shows several behaviours, each is matched
by the first path parameter or body field whose value all its tasks share and no other behaviour's
task has; the behaviour no field tells apart (or the most frequent) is the commandType's fallback,
listed last. A behaviour that nothing tells apart from the fallback is still written, reachable by
name with ``X-Mock-Scenario``, and its description says so.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..operations import COMMAND_TYPES
from ..representation import DESCRIPTIONS
from ..scenario_model import ERROR_STATUS_PATTERN, MAX_POLLS, MAX_SECONDS, PLACEHOLDER_PATTERN
from .masking import is_secret_name, mask_secrets
from .observations import ObservedStep, ResourceObservation, TaskObservation

# A step is written with its recorded seconds (as well as its polls; whichever comes first ends it)
# only when it lasted at least this long: a shorter one says more about how fast the client polled
# than about the service (real clients wait a second or more between polls), and replayed by a
# slower client it would end before that client's next poll and hide the status.
MIN_TIMED_SECONDS = 1.0
MAX_PAYLOAD_CHARS = 16_000  # a recorded response.resource larger than this is left to the mock
MAX_PAYLOAD_DEPTH = 32
MAX_FIELD_CHARS = 200  # longer body values are not used to tell behaviours apart
FIELD_DEPTH = 8


@dataclass(frozen=True)
class ScenarioExport:
    document: dict[str, Any]  # {"version": 1, "scenarios": [...]}: plain JSON data
    notes: tuple[str, ...]  # what was not written, and why


@dataclass
class _Behaviour:
    command_type: str
    observations: list[TaskObservation]
    outcome: Any  # "completed" or the outcome mapping
    payload_note: str | None = None
    match: tuple[str, str] | None = None  # (field, glob)
    reachable: bool = True


def export_scenarios(observations: Sequence[TaskObservation]) -> ScenarioExport:
    """One scenario per distinct behaviour, in the order behaviours were first seen (grouped by
    commandType, the fallback of each commandType after its matched ones)."""
    notes: list[str] = []
    behaviours: dict[tuple, _Behaviour] = {}
    for observation in observations:
        where = f"{observation.method} {observation.path} ({observation.command_type})"
        if observation.command_type not in COMMAND_TYPES:
            notes.append(f"{where}: commandType not emulated by mock_api; not written")
            continue
        outcome, payload_note = _outcome(observation)
        if outcome is None:
            notes.append(f"{where}: {payload_note}; not written")
            continue
        key = (observation.command_type, tuple(step.status for step in observation.steps),
               json.dumps(outcome, sort_keys=True))
        behaviour = behaviours.setdefault(key, _Behaviour(observation.command_type, [], outcome, payload_note))
        behaviour.observations.append(observation)
    by_command: dict[str, list[_Behaviour]] = {}
    for behaviour in behaviours.values():
        by_command.setdefault(behaviour.command_type, []).append(behaviour)
    entries: list[dict[str, Any]] = []
    names: Counter = Counter()
    for group in by_command.values():
        for behaviour in _ordered(group):
            entries.append(_entry(behaviour, _name(behaviour, names)))
    return ScenarioExport({"version": 1, "scenarios": entries}, tuple(notes))


# ---------------------------------------------------------------- outcome


def _outcome(observation: TaskObservation) -> tuple[Any | None, str | None]:
    """The scenario outcome, and a note when part of what was recorded cannot be replayed."""
    recorded = observation.outcome
    if recorded.error is not None:
        error = recorded.error
        triple = {key: error.get(key) if isinstance(error, Mapping) else None
                  for key in ("type", "status", "description")}
        if not all(isinstance(value, str) and value.strip() for value in triple.values()) \
                or not re.match(ERROR_STATUS_PATTERN, triple["status"]):
            return None, f"error {error!r} is not a triple of type, status ('400 BAD_REQUEST') and description"
        outcome: dict[str, Any] = {"error": triple}
        if isinstance(recorded.additional_info, str) and recorded.additional_info.strip():
            outcome["additionalInfo"] = recorded.additional_info
        return _without_placeholders(outcome)
    resource = (recorded.response or {}).get("resource")
    if resource is None:
        return "completed", None
    problem = _payload_problem(resource)  # bounded first: masking walks the whole value
    if problem:
        return "completed", f"the recorded response.resource {problem}; the mock's own is answered instead"
    return _without_placeholders({"response": {"resource": mask_secrets(resource)}})


def _without_placeholders(outcome: dict[str, Any]) -> tuple[Any, str | None]:
    """``${…}`` in a recorded text would be read as a placeholder: such a text cannot be replayed."""
    if re.search(PLACEHOLDER_PATTERN, json.dumps(outcome)):
        if "error" in outcome:
            return None, "the recorded error contains '${', which scenarios read as a placeholder"
        return "completed", "the recorded response.resource contains '${'; the mock's own is answered instead"
    return outcome, None


def _payload_problem(payload: Any) -> str | None:
    if not isinstance(payload, dict):
        return "is not an object"
    if _depth(payload) > MAX_PAYLOAD_DEPTH:
        return f"is nested deeper than {MAX_PAYLOAD_DEPTH}"
    try:
        text = json.dumps(payload, allow_nan=False)
    except ValueError:
        return "holds a number JSON cannot carry"
    return f"is larger than {MAX_PAYLOAD_CHARS} characters" if len(text) > MAX_PAYLOAD_CHARS else None


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_PAYLOAD_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(item, level + 1) for item in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(item, level + 1) for item in value), default=level + 1)
    return level


# ---------------------------------------------------------------- telling behaviours apart


def _fields(observation: TaskObservation) -> dict[str, str]:
    """Every value a scenario can match on, as text: ``params.NAME`` and dotted body fields."""
    found = {f"params.{name}": str(value) for name, value in observation.params.items()}

    def walk(value: Any, path: tuple[str, ...]) -> None:
        if len(path) > FIELD_DEPTH or len(found) > 500:
            return
        if isinstance(value, dict):
            for key, item in value.items():
                if not is_secret_name(str(key)) and "." not in str(key):
                    walk(item, path + (str(key),))
        elif isinstance(value, bool):
            found["body." + ".".join(path)] = "true" if value else "false"
        elif isinstance(value, (str, int, float)) and path and str(value).strip() \
                and len(str(value)) <= MAX_FIELD_CHARS:  # a match pattern is never empty
            found["body." + ".".join(path)] = str(value)

    walk(observation.body, ())
    return found


def _field_rank(field: str) -> tuple[int, int, str]:
    """Stable fields first: a body ``name``, other body fields, path params, then body ids (ids change
    from one run to the next)."""
    last = field.rsplit(".", 1)[-1]
    if field.startswith("params."):
        rank = 2
    elif last == "name":
        rank = 0
    elif last == "id" or last.endswith("Id"):
        rank = 3
    else:
        rank = 1
    return rank, field.count("."), field


def _discriminator(behaviour: _Behaviour, others: Iterable[_Behaviour], fields_of: dict[int, dict[str, str]]
                   ) -> tuple[str, str] | None:
    own = [fields_of[id(observation)] for observation in behaviour.observations]
    theirs = [fields_of[id(observation)] for other in others for observation in other.observations]
    shared = set(own[0].items())
    for fields in own[1:]:
        shared &= set(fields.items())
    for field, value in sorted(shared, key=lambda item: _field_rank(item[0])):
        if all(fields.get(field) != value for fields in theirs):
            return field, value
    return None


def _ordered(group: list[_Behaviour]) -> list[_Behaviour]:
    """Matched behaviours first, then the fallback, then those reachable only by name."""
    if len(group) == 1:
        return group
    fields_of = {id(o): _fields(o) for b in group for o in b.observations}
    found = {id(b): _discriminator(b, [o for o in group if o is not b], fields_of) for b in group}
    candidates = [b for b in group if found[id(b)] is None] or group
    fallback = max(candidates, key=lambda b: (len(b.observations), b.outcome == "completed", -group.index(b)))
    matched, unmatched = [], []
    for behaviour in group:
        if behaviour is fallback:
            continue
        behaviour.match = found[id(behaviour)]
        behaviour.reachable = behaviour.match is not None
        (matched if behaviour.reachable else unmatched).append(behaviour)
    return matched + [fallback] + unmatched


def _glob(value: str) -> str:
    """The literal value as an fnmatch pattern (``*``, ``?`` and ``[`` escaped)."""
    return re.sub(r"([*?\[])", r"[\1]", value)


# ---------------------------------------------------------------- the entry


def _name(behaviour: _Behaviour, used: Counter) -> str:
    base = re.sub(r"Request$", "", behaviour.command_type)
    base = "recorded-" + re.sub(r"(?<!^)(?=[A-Z])", "-", base).lower()
    if isinstance(behaviour.outcome, dict) and "error" in behaviour.outcome:
        base += "-" + behaviour.outcome["error"]["type"].lower().replace("_", "-")
    used[base] += 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


def _lower_median(values: list[Any]) -> Any:
    values = sorted(v for v in values if v is not None)
    return values[(len(values) - 1) // 2] if values else None


def _merged_steps(runs: list[Sequence[ObservedStep]]) -> list[dict[str, Any]]:
    steps = []
    for index, first in enumerate(runs[0]):
        polls = _lower_median([run[index].polls for run in runs])
        seconds = _lower_median([run[index].seconds for run in runs])
        step: dict[str, Any] = {"status": first.status, "polls": max(1, min(int(polls), MAX_POLLS))}
        if seconds is not None and seconds >= MIN_TIMED_SECONDS:
            seconds = min(float(seconds), float(MAX_SECONDS))
            step["seconds"] = int(seconds) if seconds == int(seconds) else round(seconds, 3)
        if first.description and first.description != DESCRIPTIONS.get(first.status):
            step["description"] = first.description
        steps.append(step)
    return steps


def _resource(observations: list[TaskObservation]) -> tuple[dict[str, Any] | None, str | None]:
    seen = [o.resource for o in observations if o.resource is not None]
    if not seen:
        return None, None
    shape = Counter((tuple(s.status for s in r.steps), r.final) for r in seen).most_common(1)[0][0]
    alike: list[ResourceObservation] = [r for r in seen if (tuple(s.status for s in r.steps), r.final) == shape]
    block: dict[str, Any] = {"steps": _merged_steps([r.steps for r in alike]), "final": alike[0].final}
    note = None if alike[0].settled else \
        f"the recording ended while the resource was still {alike[0].final!r}: it stays so when replayed"
    return block, note


def _entry(behaviour: _Behaviour, name: str) -> dict[str, Any]:
    observations = behaviour.observations
    count = len(observations)
    notes = [f"Recorded from {count} task{'s' if count != 1 else ''}."]
    not_found = sum(o.not_found_polls for o in observations)
    if not_found:
        notes.append(f"{not_found} poll(s) answered 404 before the task was known (a task-not-found fault "
                     "rule reproduces that).")
    if behaviour.payload_note:
        notes.append(behaviour.payload_note.capitalize() + ".")
    resource, resource_note = _resource(observations)
    if resource_note:
        notes.append(resource_note.capitalize() + ".")
    if not behaviour.reachable:
        notes.append(f"No path parameter or body field told it apart from another behaviour of "
                     f"{behaviour.command_type}: select it with the header X-Mock-Scenario: {name}.")
    match: dict[str, Any] = {"commandType": behaviour.command_type}
    if behaviour.match is not None:
        field, value = behaviour.match
        section, _, key = field.partition(".")
        match[section] = {key: _glob(value)}
    entry: dict[str, Any] = {"name": name, "description": " ".join(notes), "match": match,
                             "steps": _merged_steps([o.steps for o in observations]),
                             "outcome": behaviour.outcome}
    if resource is not None:
        entry["resource"] = resource
    return entry
