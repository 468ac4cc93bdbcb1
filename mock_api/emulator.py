"""The emulator: configuration, clock, scenarios, store and shapes, wired together once per app.

HTTP handlers, the CLI and the pytest plugin all go through this object; it knows nothing of Flask.
"""
from __future__ import annotations

from typing import List, Optional

from .clock import Clock
from .config import Config
from .engine import Step
from .operations import Operation
from .representation import Representation
from .scenarios import (Match, Outcome, RequestFacts, Scenario, ScenarioSet, load_sources, path_sources,
                        profile_sources)
from .store import Store

# Used only when no loaded scenario matches (a user's profile folder may cover fewer commandTypes):
# the default profile's timing, completing.
FALLBACK = Scenario("fallback", Match(), (Step("received", polls=1), Step("processing-in-progress", polls=1)),
                    Outcome(), None, "built-in")


class UnknownScenario(LookupError):
    pass


class Emulator:
    def __init__(self, config: Config):
        self.config = config
        self.clock = Clock()
        # User files come first (the first matching scenario wins) and replace profile scenarios
        # of the same name. Raises SourceError, loading nothing.
        profile = ScenarioSet(load_sources(profile_sources(config.profile)))
        self.scenarios = profile.with_first(load_sources(path_sources(config.scenarios)))
        self.representation = Representation(config.links)
        self.store = Store(seed=config.seed, accounts=list(config.accounts) if config.accounts is not None else None)

    def choose_scenario(self, facts: RequestFacts, name: Optional[str] = None) -> Scenario:
        """By name (the X-Mock-Scenario header) or by the first scenario whose match block fits."""
        if name:
            scenario = self.scenarios.by_name.get(name)
            if scenario is None:
                raise UnknownScenario(name)
            return scenario
        return self.scenarios.select(facts) or FALLBACK

    def scenario_names(self) -> List[str]:
        return [s.name for s in self.scenarios.scenarios]

    def operation_facts(self, operation: Operation, path: str, params: dict, headers: dict, body) -> RequestFacts:
        return RequestFacts(operation.command_type or "", operation.method, path, params, headers, body)
