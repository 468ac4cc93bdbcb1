"""The emulator: configuration, clock, scenarios, store and shapes, wired together once per app.

HTTP handlers, the CLI and the pytest plugin all go through this object; it knows nothing of Flask.
Per-account choices (a profile, a link profile, a scenario) let many tests share one live server.
"""
from __future__ import annotations

import threading
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence

from .clock import Clock
from .config import Config
from .operations import BY_NAME, Operation
from .faults import FaultError, Faults, parse_rule
from .journal import Journal
from .records import Account
from .representation import LINK_PROFILES, Representation
from .scenarios import (Profile, RequestFacts, Scenario, ScenarioSet, ScenarioSpec, UnknownProfile,
                        builtin_profile, builtin_profiles, compose, load_profile, load_specs, path_sources,
                        shipped_specs)
from .snapshot import VERSION as SNAPSHOT_VERSION
from .snapshot import SnapshotError, snapshot_document
from .scenario_files import check_loaded_total
from .store import Store


class UnknownChoice(LookupError):
    """A scenario or profile name that does not exist at run time; the message lists what does."""


class UnknownScenario(UnknownChoice):
    pass


class Emulator:
    def __init__(self, config: Config):
        self.config = config
        self.clock = Clock()
        # The server's profile: a built-in name, or a file read now. Raises SourceError.
        self._profiles: Dict[str, Profile] = {config.profile: load_profile(config.profile)}
        # User files come first (the first matching scenario wins) and replace shipped scenarios of
        # the same name. Raises SourceError, loading nothing.
        self._user_scenarios = load_specs(path_sources(config.scenarios))
        self._runtime_scenarios: List[ScenarioSpec] = []  # loaded through the control API, first of all
        self._sets: Dict[str, ScenarioSet] = {}
        self._sets_lock = threading.Lock()
        self.scenarios = self.scenario_set(config.profile)
        self._representations = {links: Representation(links) for links in LINK_PROFILES}
        self.representation = self._representations[config.links]
        self.store = Store(seed=config.seed, accounts=list(config.accounts) if config.accounts is not None else None)
        self.journal = Journal(config.journal_size)
        self.faults = Faults(config.seed)

    def profile(self, name: str) -> Profile:
        """A built-in profile, or the server's own profile file (by the name it was given as).
        Raises UnknownProfile, listing both."""
        if isinstance(name, str) and name in self._profiles:
            return self._profiles[name]
        if name in builtin_profiles():
            return builtin_profile(name)
        raise UnknownProfile(name, self.profile_names())

    def profile_names(self) -> List[str]:
        return builtin_profiles() + [p for p in self._profiles if p not in builtin_profiles()]

    def scenario_set(self, profile: str, extra: Sequence[ScenarioSpec] = ()) -> ScenarioSet:
        """The scenarios in force under ``profile``, ``extra`` (e.g. an account's own) matched first.
        Without extra, composed once per profile. Raises UnknownProfile."""
        if extra:
            return self._compose(profile, extra)
        with self._sets_lock:
            if profile not in self._sets:
                self._sets[profile] = self._compose(profile)
            return self._sets[profile]

    def _compose(self, profile: str, extra: Sequence[ScenarioSpec] = ()) -> ScenarioSet:
        return compose(self.profile(profile), [extra, self._runtime_scenarios, self._user_scenarios, shipped_specs()])

    def load_scenarios(self, name: str, text: bytes) -> List[ScenarioSpec]:
        """Validate a YAML/JSON document and put its scenarios before all others (same names are
        replaced). Raises SourceError and changes nothing if anything is wrong."""
        added = load_specs([(name, text)])
        with self._sets_lock:
            names = {s.name for s in added}
            kept = added + [s for s in self._runtime_scenarios if s.name not in names]
            check_loaded_total(kept, name)
            self._runtime_scenarios = kept
            self._rebuild_sets()
        return added

    def clear_loaded_scenarios(self) -> None:
        with self._sets_lock:
            self._runtime_scenarios = []
            self._rebuild_sets()

    def _rebuild_sets(self) -> None:
        self._sets = {profile: self._compose(profile) for profile in self._sets}
        self.scenarios = self._sets[self.config.profile]

    def scenarios_for(self, account: Account) -> ScenarioSet:
        return self.scenario_set(account.profile) if account.profile else self.scenarios

    def representation_for(self, account: Account) -> Representation:
        return self._representations[account.links] if account.links else self.representation

    def choose_scenario(self, account: Account, facts: RequestFacts, name: Optional[str] = None) -> Scenario:
        """By the X-Mock-Scenario header, else by the account's chosen scenario (next, then sticky),
        else the first scenario whose match block fits, else the operation's default. Raises
        UnknownChoice (a 400, never a 500) for a name that does not exist."""
        try:
            scenarios = self.scenarios_for(account)
        except UnknownProfile as error:  # e.g. restored from a snapshot of another server
            raise UnknownChoice(f"this account's {error}") from None
        header = name
        name = name or self.store.take_chosen_scenario(account)
        if name:
            scenario = scenarios.named(name, BY_NAME[facts.operation])
            if scenario is None:
                raise _unknown_scenario(scenarios, name, "X-Mock-Scenario" if header else
                                        "this account's choice (PUT /_mock/account)")
            return scenario
        return scenarios.select(facts)

    def scenario_names(self, account: Optional[Account] = None) -> List[str]:
        scenarios = self.scenarios_for(account) if account else self.scenarios
        return scenarios.names()

    def require_scenario(self, name: Any, account: Optional[Account], chosen_by: str) -> None:
        """Raises UnknownScenario (listing the loaded ones) unless ``name`` can be chosen."""
        scenarios = self.scenarios_for(account) if account else self.scenarios
        if not isinstance(name, str) or not scenarios.has(name):
            raise _unknown_scenario(scenarios, name, chosen_by)

    # ------------------------------------------------------------ snapshot

    def export_state(self) -> Dict[str, Any]:
        accounts, scenarios, next_ids, next_account_id = self.store.export()
        faults = [rule.as_json() for rule in self.faults.rules()]
        return snapshot_document(accounts, scenarios, next_ids, next_account_id, self.clock.now(), faults)

    def import_state(self, document: Any) -> None:
        """Raises SnapshotError (nothing changed) if the document is not a snapshot of this version."""
        if not isinstance(document, dict) or document.get("version") != SNAPSHOT_VERSION:
            raise SnapshotError(f"not a mock_api snapshot of version {SNAPSHOT_VERSION}")
        specs = [{k: v for k, v in spec.items() if k not in ("id", "hits")} if isinstance(spec, dict) else spec
                 for spec in document.get("faults") or []]
        for index, spec in enumerate(specs):  # all checked before anything changes
            try:
                parse_rule(index + 1, spec)
            except FaultError as error:
                raise SnapshotError(f"fault rule {index}: {error}") from None
        try:
            exported_now = datetime.fromisoformat(document["now"])
        except (KeyError, TypeError, ValueError):
            raise SnapshotError("malformed snapshot: no valid 'now'") from None
        for raw in document.get("accounts") or []:  # a profile this server does not have would fail later
            profile = raw.get("profile") if isinstance(raw, dict) else None
            try:
                if profile is not None:
                    self.profile(profile)
            except UnknownProfile as error:
                raise SnapshotError(f"account {raw.get('id')}: {error}") from None
        self.store.restore(document)
        self.faults.clear()
        for spec in specs:
            self.faults.add(spec)
        if exported_now.tzinfo is not None and exported_now > self.clock.now():
            self.clock.set(exported_now)  # time never goes back, here either

    @staticmethod
    def operation_facts(operation: Operation, path: str, params: dict, headers: dict, body) -> RequestFacts:
        return RequestFacts(operation.command_type or "", operation.method, path, params, headers, body, operation.name)


def _unknown_scenario(scenarios: ScenarioSet, name: Any, chosen_by: str) -> UnknownScenario:
    return UnknownScenario(f"{chosen_by}: no scenario named {name!r}; loaded: {', '.join(scenarios.names()) or 'none'}"
                           " (or an operation's default, by its operationId)")
