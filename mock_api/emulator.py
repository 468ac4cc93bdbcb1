"""The emulator: configuration, clock, scenarios, store and shapes, wired together once per app.

HTTP handlers, the CLI and the pytest plugin all go through this object; it knows nothing of Flask.
What a caller changes is scoped to an account when it names one — the account's clock, its fault
rules, its run-time scenarios and its choices (profile, links, scenario) — so many tests share one
live server without seeing each other. Without an account, a change is global.

The scenario machinery (scenarios.py and what it reads with: profiles, YAML, the file checks) and
snapshot.py are imported by the methods that use them: a server answers its first requests without
them, and starts that much sooner (docs/performance.md, "Start-up").
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from .clock import Clock, ClockState
from .config import Config
from .faults import FaultRule, Faults
from .journal import Journal
from .operations import BY_NAME, Operation
from .records import Account
from .representation import LINK_PROFILES, Representation
from .scenario_model import RequestFacts, Scenario, ScenarioSpec
from .shipped import builtin_profiles
from .store import Store

if TYPE_CHECKING:
    from .scenarios import Profile, ScenarioSet


class UnknownChoice(LookupError):
    """A scenario or profile name that does not exist at run time; the message lists what does."""


class UnknownScenario(UnknownChoice):
    pass


class Checkpoint(NamedTuple):
    clock: ClockState
    faults: list[FaultRule]
    runtime: list[ScenarioSpec]
    account_ids: set[int]


class Emulator:
    def __init__(self, config: Config):
        self.config = config
        self.clock = Clock()
        # The server's profile: a built-in one (read when first needed: parsing YAML is a third of
        # start-up, and a server may answer many requests before its first task), or a file read
        # now. Raises SourceError.
        self._profiles: dict[str, Profile] = {}
        if config.profile not in builtin_profiles():
            from .profiles import load_profile

            self._profiles[config.profile] = load_profile(config.profile)
        # User files come first (the first matching scenario wins) and replace shipped scenarios of
        # the same name. Raises SourceError, loading nothing.
        self._user_scenarios: list[ScenarioSpec] = []
        if config.scenarios:
            from .scenario_files import load_specs, path_sources

            self._user_scenarios = load_specs(path_sources(config.scenarios))
        self._runtime_scenarios: list[ScenarioSpec] = []  # loaded through the control API, first of all
        self._account_scenarios: dict[int, list[ScenarioSpec]] = {}  # loaded with an account's credentials
        self._account_sets: dict[int, Any] = {}  # account id → (base set, composed set)
        self._sets: dict[str, ScenarioSet] = {}
        self._sets_lock = threading.Lock()
        self._scenarios: ScenarioSet | None = None  # the server's profile's set, composed on first use
        self._representations = {links: Representation(links) for links in LINK_PROFILES}
        self.representation = self._representations[config.links]
        self.store = Store(seed=config.seed, accounts=list(config.accounts) if config.accounts is not None else None,
                           clock=self.clock, max_tasks=config.max_tasks, max_accounts=config.max_accounts)
        self.journal = Journal(config.journal_size, config.journal_bytes, config.max_waiters)
        self.faults = Faults(config.seed)

    def now(self, account: Account | None = None) -> datetime:
        """The account's time, or the server's."""
        return self.store.now(account)

    # ------------------------------------------------------------ scenarios

    def profile(self, name: str) -> Profile:
        """A built-in profile, or the server's own profile file (by the name it was given as).
        Raises UnknownProfile, listing both."""
        from .profiles import UnknownProfile, builtin_profile

        if isinstance(name, str) and name in self._profiles:
            return self._profiles[name]
        if name in builtin_profiles():
            return builtin_profile(name)
        raise UnknownProfile(name, self.profile_names())

    def profile_names(self) -> list[str]:
        return builtin_profiles() + [p for p in self._profiles if p not in builtin_profiles()]

    def profile_known(self, name: str) -> bool:
        from .profiles import UnknownProfile

        try:
            self.profile(name)
        except UnknownProfile:
            return False
        return True

    @property
    def scenarios(self) -> ScenarioSet:
        """The scenarios in force under the server's profile (composed on first use)."""
        scenarios = self._scenarios
        if scenarios is None:
            scenarios = self._scenarios = self.scenario_set(self.config.profile)
        return scenarios

    def scenario_set(self, profile: str) -> ScenarioSet:
        """The scenarios in force under ``profile`` (composed once). Raises UnknownProfile."""
        with self._sets_lock:
            if profile not in self._sets:
                self._sets[profile] = self._compose(profile)
            return self._sets[profile]

    def _compose(self, profile: str, own: Sequence[ScenarioSpec] = ()) -> ScenarioSet:
        from .scenarios import compose, shipped_specs

        return compose(self.profile(profile), [own, self._runtime_scenarios, self._user_scenarios, shipped_specs()])

    def load_scenarios(self, name: str, text: bytes, account: Account | None = None) -> list[ScenarioSpec]:
        """Validate a YAML/JSON document and put its scenarios before all others (same names are
        replaced): the account's own when given, else for everyone. Raises SourceError and changes
        nothing if anything is wrong (also past the bound on scenarios loaded at run time)."""
        from .scenario_files import check_loaded_total, load_specs

        added = load_specs([(name, text)])
        names = {s.name for s in added}
        with self._sets_lock:
            current = self._account_scenarios.get(account.id, []) if account else self._runtime_scenarios
            kept = added + [s for s in current if s.name not in names]
            check_loaded_total(kept, name)
            if account is not None:
                self._account_scenarios[account.id] = kept
                self._account_sets.pop(account.id, None)
            else:
                self._runtime_scenarios = kept
                self._rebuild_sets()
        return added

    @property
    def file_scenarios(self) -> list[ScenarioSpec]:
        """The scenarios of the server's own files (--scenarios), read at start."""
        return list(self._user_scenarios)

    def loaded_scenarios(self, account: Account | None = None) -> list[ScenarioSpec]:
        with self._sets_lock:
            return list(self._account_scenarios.get(account.id, []) if account else self._runtime_scenarios)

    def clear_loaded_scenarios(self, account: Account | None = None) -> None:
        """Forget the scenarios loaded at run time: one account's, or all (every account's too)."""
        with self._sets_lock:
            if account is not None:
                self._account_scenarios.pop(account.id, None)
                self._account_sets.pop(account.id, None)
                return
            self._runtime_scenarios = []
            self._account_scenarios.clear()
            self._rebuild_sets()

    def _rebuild_sets(self) -> None:
        self._sets = {profile: self._compose(profile) for profile in self._sets}
        self._scenarios = self._sets.get(self.config.profile)
        self._account_sets.clear()

    def scenarios_for(self, account: Account | None) -> ScenarioSet:
        """The set an account's requests are matched against: its own run-time scenarios first,
        under its profile (or the server's). Composed once per account until something changes."""
        if account is None:
            return self.scenarios
        profile = account.profile or self.config.profile
        own = self._account_scenarios.get(account.id)
        if not own:
            return self.scenario_set(profile)
        with self._sets_lock:
            cached = self._account_sets.get(account.id)
            if cached is None or cached[0] != profile:
                cached = (profile, self._compose(profile, own))
                self._account_sets[account.id] = cached
            return cached[1]

    def representation_for(self, account: Account) -> Representation:
        return self._representations[account.links] if account.links else self.representation

    def choose_scenario(self, account: Account, facts: RequestFacts, name: str | None = None) -> Scenario:
        """By the X-Mock-Scenario header, else by the account's chosen scenario (next, then sticky),
        else the first scenario whose match block fits, else the operation's default. Raises
        UnknownChoice (a 400, never a 500) for a name that does not exist."""
        from .profiles import UnknownProfile

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

    def require_scenario(self, name: Any, account: Account | None, chosen_by: str) -> None:
        """Raises UnknownScenario (listing the loaded ones) unless ``name`` can be chosen."""
        scenarios = self.scenarios_for(account)
        if not isinstance(name, str) or not scenarios.has(name):
            raise _unknown_scenario(scenarios, name, chosen_by)

    def near_miss(self, account: Account, facts: RequestFacts, chosen: Scenario) -> str | None:
        """When the user loaded scenarios and none fits this request, why the closest did not."""
        own = [s for s in self._user_scenarios + self._runtime_scenarios + self._account_scenarios.get(account.id, [])
               if s.match is not None]
        if not own or any(s.name == chosen.name for s in own):
            return None
        from .nearmiss import near_miss

        return near_miss(own, facts)

    def scenario_names(self, account: Account | None = None) -> list[str]:
        return self.scenarios_for(account).names()

    # ------------------------------------------------------------ resets

    def reset(self, account: Account | None = None) -> None:
        """One account back to new (its tasks, resources, choices, clock, faults, scenarios), or
        everything: accounts made by unknown key pairs are forgotten, and the journal, fault rules,
        run-time scenarios and the server's clock go back to their start."""
        self.store.reset(account)
        self.faults.clear(account.id if account else None)
        self.clear_loaded_scenarios(account)
        if account is None:
            self.journal.clear()
            self.clock.reset()

    def forget(self, account: Account) -> None:
        """Drop an account and everything it set (a fixture's teardown)."""
        self.faults.clear(account.id)
        self.clear_loaded_scenarios(account)
        self.store.forget(account)

    def checkpoint(self) -> Checkpoint:
        """What a test could change beyond its own account, to put back with ``rollback``."""
        with self._sets_lock:
            runtime = list(self._runtime_scenarios)
        return Checkpoint(self.clock.state, [rule.copy() for rule in self.faults.rules()], runtime,
                          {a.id for a in self.store.accounts()})

    def rollback(self, checkpoint: Checkpoint) -> None:
        """Back to a checkpoint: accounts made since are forgotten, and the server's clock, the fault
        rules and the global run-time scenarios are as they were (a live fixture's teardown)."""
        for account in self.store.accounts():
            if account.id not in checkpoint.account_ids:
                self.forget(account)
        self.clock.restore(checkpoint.clock)
        self.faults.replace([rule.copy() for rule in checkpoint.faults])
        with self._sets_lock:
            self._runtime_scenarios = list(checkpoint.runtime)
            self._rebuild_sets()

    # ------------------------------------------------------------ snapshot

    def export_state(self, reveal: bool = False) -> dict[str, Any]:
        from .snapshot import dump_account, snapshot_document

        accounts, next_ids, next_account_id = self.store.export()
        scenarios: dict[str, Any] = {}
        with self._sets_lock:
            runtime = list(self._runtime_scenarios)
            per_account = {a.id: list(self._account_scenarios.get(a.id, [])) for a in accounts}
        dumped = [dump_account(a, scenarios, per_account[a.id], reveal) for a in accounts]
        return snapshot_document(dumped, scenarios, next_ids, next_account_id, self.clock.now(), self.clock.state,
                                 [dict(s.definition) for s in runtime], [rule.as_json() for rule in self.faults.rules()])

    def import_state(self, document: Any) -> None:
        """Replace the whole state with a snapshot's. Raises SnapshotError, changing nothing, unless
        the snapshot is whole and sound."""
        from .snapshot import load

        loaded = load(document, self.profile_known)
        self.store.restore(loaded.accounts, loaded.next_ids, loaded.next_account_id)
        for account in loaded.accounts:
            if account.id in loaded.account_clocks and account.clock is not None:
                account.clock.restore(loaded.account_clocks[account.id])
        self.faults.replace(loaded.faults)
        with self._sets_lock:
            self._runtime_scenarios = loaded.runtime
            self._account_scenarios = {k: v for k, v in loaded.account_runtime.items() if v}
            self._rebuild_sets()
        if loaded.clock is not None and loaded.clock.frozen_at is not None:
            self.clock.restore(loaded.clock)
        elif loaded.now > self.clock.now():
            self.clock.set(loaded.now)  # time never goes back, here either

    @staticmethod
    def operation_facts(operation: Operation, path: str, params: dict, headers: dict, body) -> RequestFacts:
        return RequestFacts(operation.command_type or "", operation.method, path, params, headers, body, operation.name)


def _unknown_scenario(scenarios: ScenarioSet, name: Any, chosen_by: str) -> UnknownScenario:
    return UnknownScenario(f"{chosen_by}: no scenario named {name!r}; loaded: {', '.join(scenarios.names()) or 'none'}"
                           " (or an operation's default, by its operationId)")


__all__ = ["Emulator", "UnknownChoice", "UnknownScenario"]
