"""One frozen configuration object, built from keyword arguments, a mapping or the CLI."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .representation import LINK_PROFILES
from .problems import Problem, SourceError

DEFAULT_MAX_BODY_BYTES = 1 << 20
# (field, lowest, highest): the documented range of each limit a user may raise or lower.
LIMITS = (("max_body_bytes", 1024, 64 << 20), ("journal_size", 1, 1_000_000), ("journal_bytes", 0, 4 << 30),
          ("max_tasks", 1, 1_000_000), ("max_accounts", 1, 1_000_000), ("max_waiters", 0, 256))


class _Settings(NamedTuple):
    profile: str = "default"  # a built-in profile (default, instant, realistic) or a profile file's path
    scenarios: tuple[str, ...] = ()  # scenario files or folders, matched before the shipped ones
    links: str = "hal"  # link profile: hal (the documented `_links`) or v1 (production `links`)
    accounts: tuple[Mapping[str, Any], ...] | None = None  # None: every key pair is its own account
    seed: int | None = None  # makes task ids and fault draws repeatable
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES  # larger request bodies are refused (413) before being read
    journal_size: int = 1000  # requests kept in the journal (oldest dropped)
    journal_bytes: int = 64 << 20  # request bodies kept in the journal, in bytes (oldest dropped)
    max_tasks: int = 10_000  # finished tasks kept per account (oldest dropped); also tasks in progress
    max_accounts: int = 10_000  # accounts made by unknown key pairs (least recently used dropped)
    max_waiters: int = 16  # long polls (/_mock/requests/wait) at once; more answer 429
    admin_token: str | None = None  # when set, /_mock/ needs it (Authorization: Bearer TOKEN)


class Config(_Settings):
    """A server's settings, checked when made (a ValueError says which is wrong). Immutable: a
    NamedTuple, like the other records (docs/architecture.md, "Start-up")."""

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> "Config":
        config = super().__new__(cls, *args, **kwargs)
        for name, low, high in LIMITS:
            value = getattr(config, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"{name} must be a whole number from {low:,} to {high:,}, not {value!r}")
        if config.links not in LINK_PROFILES:
            raise ValueError(f"unknown link profile {config.links!r}; choose one of {', '.join(LINK_PROFILES)}")
        scenarios = config.scenarios
        scenarios = (str(scenarios),) if isinstance(scenarios, (str, Path)) else tuple(str(p) for p in scenarios)
        return _Settings._replace(config, scenarios=scenarios)  # NamedTuple's own: not checked again

    def _replace(self, **changes: Any) -> "Config":  # checked like a new one (NamedTuple's would not)
        return Config(**{**self._asdict(), **changes})

    @classmethod
    def build(cls, config: "Config | Mapping[str, Any] | None" = None, **overrides: Any) -> "Config":
        if isinstance(config, Config):
            base = config
        else:
            unknown = set(config or {}) - set(cls._fields)
            if unknown:
                raise ValueError(f"unknown config keys: {', '.join(sorted(unknown))}")
            base = cls(**dict(config or {}))
        return base._replace(**overrides) if overrides else base


def load_accounts(path: str) -> tuple[dict[str, Any], ...]:
    """An accounts file: ``accounts: [{key, secret, accountId?}]`` in YAML or JSON."""
    from .yamlsource import parse  # the reader, only when there is a file to read

    try:
        located = parse(Path(path).read_bytes(), path)
    except OSError as error:
        raise SourceError([Problem(path, 1, 1, "", f"cannot read ({error.strerror})")]) from None
    data = located.data
    entries = data.get("accounts") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise SourceError([located.problem(("accounts",), "must be a non-empty list of {key, secret}")])
    accounts: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        where = ("accounts", index)
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry.get(k) for k in
                                                  ("key", "secret")):
            raise SourceError([located.problem(where, "each account needs a non-empty string key and secret")])
        account_id = entry.get("accountId")
        if account_id is not None and (isinstance(account_id, bool) or not isinstance(account_id, int)):
            raise SourceError([located.problem(where + ("accountId",), "must be a whole number")])
        accounts.append({"key": entry["key"], "secret": entry["secret"], "accountId": account_id})
    return tuple(accounts)
