"""Account-level catalogs as synchronous handlers: the account itself, payment methods, regions,
Essentials plans (all, one, those a subscription can move to), Redis versions, data persistence
options, database modules and query performance factors. The data is in catalog_data.py; the
handlers honour the query filters the spec documents.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import lookups
from .calls import Call, Refusal, bad_request, bool_query, choice_query, int_query
from .catalog_data import (DATA_PERSISTENCE, DEFAULT_PLAN, MODULES, PLANS, PLANS_BY_ID, PROVIDERS,
                           QUERY_PERFORMANCE_FACTORS, REDIS_VERSIONS, REGIONS)
from .timefmt import resource_time


def _account(call: Call) -> dict[str, Any]:
    account = call.account
    name = f"mock_api account {account.id}"
    return {"account": {"id": account.id, "name": name, "createdTimestamp": "2024-01-01T00:00:00Z",
                        "updatedTimestamp": resource_time(call.now), "pocStatus": "inactive",
                        "marketplaceStatus": "active",
                        "key": {"name": account.key, "accountId": account.id, "accountName": name,
                                "allowedSourceIps": ["0.0.0.0/0"], "createdTimestamp": "2024-01-01T00:00:00Z",
                                "owner": {"name": "mock_api", "email": "mock_api@example.com"},
                                "userAccountId": 1, "httpSourceIp": "127.0.0.1"}}}


def _payment_methods(call: Call) -> dict[str, Any]:
    # creditCardEndsWith is a number: the SDK decodes it into an int, and captures send one.
    return {"accountId": call.account.id, "paymentMethods": [
        {"id": 1, "type": "Visa", "creditCardEndsWith": 4242, "nameOnCard": "mock_api", "expirationMonth": 12,
         "expirationYear": 2030, "links": []}]}


def _regions(call: Call) -> dict[str, Any]:
    provider = choice_query(call, "provider", PROVIDERS)
    return {"regions": [region for region in REGIONS if provider in (None, region["provider"])]}


def _fixed_plans(call: Call) -> dict[str, Any]:
    provider = choice_query(call, "provider", ("AWS", "GCP", "AZURE"))
    redis_flex = bool_query(call, "redisFlex")
    return {"plans": [plan for plan in PLANS if provider in (None, plan["provider"])
                      and redis_flex in (None, plan["redisFlex"])]}


def _fixed_plan(call: Call) -> dict[str, Any]:
    plan = PLANS_BY_ID.get(call.ids["planId"])
    if plan is None:
        raise Refusal(404)
    return {key: value for key, value in plan.items() if key != "links"}  # alone, it gets its self link


def compatible_plans(subscription: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The plans an Essentials subscription can move to: same provider, region and flavour."""
    current = PLANS_BY_ID.get(subscription.get("planId"), DEFAULT_PLAN)
    return [plan for plan in PLANS if (plan["provider"], plan["region"], plan["redisFlex"])
            == (current["provider"], current["region"], current["redisFlex"])]


def _plans_of_subscription(call: Call) -> dict[str, Any]:
    return {"plans": compatible_plans(call.resource.data)}


def _versions(call: Call, kind_name: str, required: bool) -> dict[str, Any]:
    sub_id = int_query(call, "subscriptionId", None, 1)
    if sub_id is None and required:
        raise bad_request("subscriptionId is required")
    if sub_id is not None and lookups.find(call.resources, kind_name, {"subscriptionId": sub_id}) is None:
        raise Refusal(404)
    return {"redisVersions": [dict(version) for version in REDIS_VERSIONS]}


HANDLERS = {
    "account": _account,
    "payment-methods": _payment_methods,
    "regions": _regions,
    "fixed-plans": _fixed_plans,
    "fixed-plan": _fixed_plan,
    "fixed-plans-of-subscription": _plans_of_subscription,
    "redis-versions": lambda call: _versions(call, "subscription", required=False),
    "fixed-redis-versions": lambda call: _versions(call, "fixed-subscription", required=True),
    "data-persistence": lambda call: {"dataPersistence": [dict(entry) for entry in DATA_PERSISTENCE]},
    "database-modules": lambda call: {"modules": [dict(module) for module in MODULES]},
    "query-performance-factors": lambda call: {"queryPerformanceFactors": list(QUERY_PERFORMANCE_FACTORS)},
}
