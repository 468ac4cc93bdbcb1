"""Synchronous reads of a database (Pro or Essentials): its TLS certificate, slow log, the Redis
versions it can move to, and the status of its version upgrade."""
from __future__ import annotations

from typing import Any

from . import lookups
from .calls import Call, text_query
from .catalog_data import newer_versions

# A real X.509 certificate (self-signed, EC P-256, valid to 2126; its key was never kept), so a client
# that parses `publicCertificatePEMString` gets one. Every database shares it, as databases of one
# Redis Cloud account share its CA.
CERTIFICATE = (
    "-----BEGIN CERTIFICATE-----\n"
    "MIIByzCCAXGgAwIBAgIUKSja+33NmhkCLHASFYnEHBI4sLowCgYIKoZIzj0EAwIw\n"
    "OjERMA8GA1UECgwIbW9ja19hcGkxJTAjBgNVBAMMHG1vY2tfYXBpIFJlZGlzIENs\n"
    "b3VkIHRlc3QgQ0EwIBcNMjYxMjAxMDIwNTI1WhgPMjEyNjExMDcwMjA1MjVaMDox\n"
    "ETAPBgNVBAoMCG1vY2tfYXBpMSUwIwYDVQQDDBxtb2NrX2FwaSBSZWRpcyBDbG91\n"
    "ZCB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEk9qNmRjgdXaSTS/J\n"
    "/o4sQtp4QqKH0/D/pNtT2E5Z1O74RHOmpgStnZhZXIJlcnpfOaAq7Y4ep8b7OoER\n"
    "afP8PKNTMFEwHQYDVR0OBBYEFGz8LmDZxK+ItkuUm5/rlhAZO9v8MB8GA1UdIwQY\n"
    "MBaAFGz8LmDZxK+ItkuUm5/rlhAZO9v8MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI\n"
    "zj0EAwIDSAAwRQIhAMlbUvE8jYXlVapfhxlK/bQiYAXhdzICw7qidLHfzN+2AiB3\n"
    "EkFgn73x1XnTpSTnOUob09VhyOJtYr8ZFaQWXq7TkQ==\n"
    "-----END CERTIFICATE-----\n")


def _certificate(call: Call) -> dict[str, Any]:
    return {"publicCertificatePEMString": CERTIFICATE}


def _slow_log(call: Call) -> dict[str, Any]:
    # mock_api runs no Redis: nothing is ever slow. The region filter is checked, and filters nothing.
    text_query(call, "regionName")
    return {"entries": []}


def _target_versions(call: Call) -> dict[str, Any]:
    return {"targets": [{"redisVersion": version} for version in newer_versions(call.resource.data["redisVersion"])]}


def _upgrade_status(call: Call) -> dict[str, Any]:
    """In progress while the database shows its upgrade (after the upgrade task), done afterwards; a
    database never upgraded reports its own version as done."""
    database = call.resource
    upgrading = lookups.in_transition(database) and database.status() == "active-upgrade-pending"
    target = database.extra.get("upgrade", {}).get("targetRedisVersion", database.data["redisVersion"])
    return {"databaseId": database.ids["databaseId"], "targetRedisVersion": target,
            "progress": 50.0 if upgrading else 100.0, "upgradeStatus": "in-progress" if upgrading else "done"}


HANDLERS = {"certificate": _certificate, "slow-log": _slow_log, "available-target-versions": _target_versions,
            "upgrade-status": _upgrade_status}
