"""PrivateLink (AWS) behaviours, single-region and Active-Active alike: principals added and removed,
connections disassociated, and the queries that read the link and its endpoint script.

A link is one per subscription (or region): the generic rules refuse a second one and answer a
missing one with `PRIVATE_LINK_NOT_FOUND`, `404 NOT_FOUND`, which the Go SDK turns into `NotFound`.
"""
from __future__ import annotations

from typing import Any

from . import lookups
from .acts import Act, Performer, Query, Rule, error, mismatch, shown
from .connectivity import connection, endpoint_script, principal, region_of
from .scenario_model import ErrorTriple

PRINCIPAL_NOT_FOUND = error("PRIVATE_LINK_PRINCIPAL_NOT_FOUND", "404 NOT_FOUND", "Private link principal was not found")


def _link(resources, ids) -> Any:
    return lookups.target(resources, "private-link", ids)


def _principals(link) -> list:
    return [entry["principal"] for entry in link.data.get("principals") or []]


def _new_principal(body, ids, resources, account) -> ErrorTriple | None:
    if body.get("principal") in _principals(_link(resources, ids)):
        return mismatch("PRIVATE_LINK_PRINCIPAL_ALREADY_EXISTS")
    return None


def _gone_principal(body, ids, resources, account) -> ErrorTriple | None:
    return None if body.get("principal") in _principals(_link(resources, ids)) else PRINCIPAL_NOT_FOUND


RULES: dict[str, Rule] = {
    **{name: _new_principal for name in ("createPrivateLinkPrincipal", "createActiveActivePrivateLinkPrincipal")},
    **{name: _gone_principal for name in ("deletePrivateLinkPrincipals", "deleteActiveActivePrivateLinkPrincipals")},
}


def _add_principal(act: Act) -> None:
    """The principal is associated, and its account connects an endpoint (mock_api plays that consumer)."""
    act.resource.data["principals"].append(principal(act.body))
    act.resource.data["connections"].append(connection(act.body, act.now))


def _remove_principal(act: Act) -> None:
    gone = str(act.body.get("principal"))
    data = act.resource.data
    data["principals"] = [entry for entry in data["principals"] if entry["principal"] != act.body.get("principal")]
    data["connections"] = [entry for entry in data["connections"] if entry["ownerId"] != gone]


def _disassociate(act: Act) -> None:
    dropped = {entry.get("associationId") for entry in act.body.get("connections") or []}
    data = act.resource.data
    data["connections"] = [entry for entry in data["connections"] if entry["associationId"] not in dropped]


PERFORMERS: dict[str, Performer] = {"principal-add": _add_principal, "principal-remove": _remove_principal,
                                    "connections-disassociate": _disassociate}


def _link_query(act: Act) -> dict[str, Any]:
    """The link, with the subscription's databases it exposes (one resource-link endpoint each). The
    read that ends its deprovisioning finds an empty link, as the real API answers a missing one (the
    Go SDK reads that as NotFound); the next query fails with PRIVATE_LINK_NOT_FOUND."""
    if not act.read(act.resource):
        return {}
    subscription = lookups.find(act.resources, "subscription", act.ids)
    region = region_of(act.ids, subscription.data)
    databases = [{"databaseId": db.ids["databaseId"], "port": 10000 + db.ids["databaseId"] % 10000,
                  "rlEndpoint": f"redis-{10000 + db.ids['databaseId'] % 10000}."
                                f"{act.resource.data['resourceConfigurationId']}.{region}.vpce.rlrcp.com"}
                 for db in lookups.children(act.resources, subscription, "database")]
    return dict(shown(act.resource), databases=databases)


def _script(act: Act) -> dict[str, Any]:
    subscription = lookups.find(act.resources, "subscription", act.ids)
    script = endpoint_script(act.resource.data, region_of(act.ids, subscription.data))
    if str(act.body.get("includeTerraformAwsScript", "")).lower() != "true":
        script.pop("terraformAwsScript")
    return script


QUERIES: dict[str, Query] = {"private-link": _link_query, "private-link-script": _script}
