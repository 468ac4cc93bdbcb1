"""Every error type mock_api can put in a task's `response.error` is one of the official spec's
(`ProcessorResponse.error`'s enum): the not-found and conflict triples of each kind, the deployment
and cloud refusals of the Active-Active, PSC, PrivateLink and Transit Gateway routes, and every type
the business rules name."""
from __future__ import annotations

import json
import re
from pathlib import Path

from mock_api import deployments
from mock_api.kinds import KINDS
from mock_api.operations import BY_NAME

ROOT = Path(__file__).resolve().parents[1]
RULE_MODULES = ("rules.py", "active_active.py", "psc.py", "privatelink.py", "transit_gateway.py")  # deployments.py: its tables
NAMED = re.compile(r'"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"')  # every UPPER_SNAKE string of those modules


def official_types():
    spec = json.loads((ROOT / "mock_api" / "spec" / "redis-cloud-openapi.json").read_text())
    return set(spec["components"]["schemas"]["ProcessorResponse"]["properties"]["error"]["enum"])


def test_every_error_type_is_the_specs():
    produced = {kind.not_found[0] for kind in KINDS.values()}
    produced |= {kind.conflict[0] for kind in KINDS.values() if kind.conflict}
    produced |= set(deployments.ACTIVE_ACTIVE_ONLY.values()) | set(deployments.SINGLE_REGION_ONLY.values())
    produced |= {refusal for _, refusal in deployments.PROVIDERS.values()}
    named = set()
    for module in RULE_MODULES:
        named |= set(NAMED.findall((ROOT / "mock_api" / module).read_text()))
    assert {"ACTIVE_ACTIVE_INVALID_DELETE_REGION_NAME", "PSC_SERVICE_NOT_ACTIVE", "TGW_ATTACHMENT_DOES_NOT_EXIST",
            "PRIVATE_LINK_PRINCIPAL_NOT_FOUND", "USER_CANNOT_DELETE_OWN_USER"} <= named  # the pattern finds them
    assert sorted((produced | named) - official_types()) == []


def test_the_deployment_tables_name_operations_of_the_table():
    tables = (deployments.ACTIVE_ACTIVE_ONLY, deployments.SINGLE_REGION_ONLY)
    assert sorted(name for table in tables for name in table if name not in BY_NAME) == []
    assert not set(tables[0]) & set(tables[1])
