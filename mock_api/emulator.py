"""The emulator: configuration, clock, scenarios, store and shapes, wired together once per app.

HTTP handlers, the CLI and the pytest plugin all go through this object; it knows nothing of Flask.
Per-account choices (a profile, a link profile, a scenario) let many tests share one live server.
"""
from __future__ import annotations

import threading
from typing import Dict, List, Optional

from .clock import Clock
from .config import Config
from .engine import Step
from .operations import Operation
from .records import Account
from .representation import LINK_PROFILES, Representation
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
        # User files come first (the first matching scenario wins) and replace profile scenarios of
        # the same name. Raises SourceError, loading nothing.
        self._user_scenarios = load_sources(path_sources(config.scenarios))
        self._sets: Dict[str, ScenarioSet] = {}
        self._sets_lock = threading.Lock()
        self.scenarios = self.scenario_set(config.profile)
        self._representations = {links: Representation(links) for links in LINK_PROFILES}
        self.representation = self._representations[config.links]
        self.store = Store(seed=config.seed, accounts=list(config.accounts) if config.accounts is not None else None)

    def scenario_set(self, profile: str) -> ScenarioSet:
        """The scenarios in force under ``profile`` (loaded once; raises SourceError if unknown)."""
        with self._sets_lock:
            if profile not in self._sets:
                base = ScenarioSet(load_sources(profile_sources(profile)))
                self._sets[profile] = base.with_first(self._user_scenarios)
            return self._sets[profile]

    def scenarios_for(self, account: Account) -> ScenarioSet:
        return self.scenario_set(account.profile) if account.profile else self.scenarios

    def representation_for(self, account: Account) -> Representation:
        return self._representations[account.links] if account.links else self.representation

    def choose_scenario(self, account: Account, facts: RequestFacts, name: Optional[str] = None) -> Scenario:
        """By the X-Mock-Scenario header, else by the account's chosen scenario (next, then sticky),
        else the first scenario whose match block fits."""
        scenarios = self.scenarios_for(account)
        name = name or self.store.take_chosen_scenario(account)
        if name:
            scenario = scenarios.by_name.get(name)
            if scenario is None:
                raise UnknownScenario(name)
            return scenario
        return scenarios.select(facts) or FALLBACK

    def scenario_names(self, account: Optional[Account] = None) -> List[str]:
        scenarios = self.scenarios_for(account) if account else self.scenarios
        return [s.name for s in scenarios.scenarios]

    @staticmethod
    def operation_facts(operation: Operation, path: str, params: dict, headers: dict, body) -> RequestFacts:
        return RequestFacts(operation.command_type or "", operation.method, path, params, headers, body)
