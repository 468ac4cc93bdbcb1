"""Near misses: when a request matched none of the user's own scenarios, say which came closest and
why it did not match (as WireMock does), so a test that expected a scenario to fire can see at once
that the body field was misspelt or the glob too narrow. Computed only in that case."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .scenario_model import RequestFacts, ScenarioSpec, _dig, glob as _glob


def _misses(scenario: ScenarioSpec, facts: RequestFacts) -> tuple[int, list[str]]:
    """(fields that matched, what did not match) for one scenario."""
    m = scenario.match
    checks: list[tuple[str, Any, str]] = [("commandType", facts.command_type, m.command_type),
                                          ("method", facts.method, m.method), ("path", facts.path, m.path)]
    checks += [(f"params.{k}", facts.params.get(k), p) for k, p in m.params.items()]
    checks += [(f"headers.{k}", facts.headers.get(k), p) for k, p in m.headers.items()]
    checks += [(f"body.{k}", _dig(facts.body, k), p) for k, p in m.body.items()]
    matched, missed = 0, []
    for name, value, pattern in checks:
        if pattern == "*" and name in ("commandType", "method", "path"):
            continue  # not part of the match block
        if _glob(value, pattern):
            matched += 1
        else:
            shown = "absent" if value is None else repr(value if not isinstance(value, str) else value[:80])
            missed.append(f"{name} {shown} does not match {pattern!r}")
    return matched, missed


def near_miss(scenarios: Sequence[ScenarioSpec], facts: RequestFacts) -> str | None:
    """One line about the closest scenario: the one with the most matching fields, then the fewest
    mismatches, then the first loaded."""
    best = None
    for scenario in scenarios:
        matched, missed = _misses(scenario, facts)
        if not missed:
            continue
        rank = (matched, -len(missed))
        if best is None or rank > best[0]:
            best = (rank, scenario, missed)
    if best is None:
        return None
    _, scenario, missed = best
    return f"closest scenario {scenario.name!r} ({scenario.origin}): " + "; ".join(missed)
