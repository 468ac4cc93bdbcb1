"""Small pieces shared by the body builders of Pro (pro.py), Active-Active (crdb.py) and Essentials
(families.py) databases."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def copy_present(target: dict[str, Any], body: Mapping[str, Any], pairs: Iterable[tuple[str, str]]) -> None:
    """For each (request field, body field) the request sets (not null), copy its value."""
    for source, field in pairs:
        if body.get(source) is not None:
            target[field] = body[source]


def regex_rules(patterns: Iterable[str]) -> list[dict[str, Any]]:
    return [{"ordinal": index, "pattern": pattern} for index, pattern in enumerate(patterns)]


def alerts(requested: Any) -> list[dict[str, Any]]:
    return [{"name": alert.get("name"), "value": alert.get("value")} for alert in requested or []]


def remote_backup(remote: Any, periodic_path: str | None = None) -> dict[str, Any]:
    """The SDK's Pro `backup` model: enableRemoteBackup, timeUTC, interval, destination."""
    remote = remote if isinstance(remote, dict) else {}
    path = remote.get("storagePath") or periodic_path
    if not (remote.get("active") or periodic_path):
        return {"enableRemoteBackup": False}
    backup = {"enableRemoteBackup": True, "interval": remote.get("interval", "every-24-hours")}
    if remote.get("timeUTC"):
        backup["timeUTC"] = remote["timeUTC"]
    if path:
        backup["destination"] = path
    return backup
