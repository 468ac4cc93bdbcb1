"""Active-Active behaviours: the rules of regions and CRDBs, adding and deleting regions, a CRDB's
local properties and flush, and the VPC peerings of each region (deployments.py says which routes
need an Active-Active subscription).

Error types are the official spec's enum (`ProcessorResponse.error`); no capture records their
status or wording, so each is `400 BAD_REQUEST` with its words as the description (inferences.py).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from . import lookups
from .acts import Act, Performer, Query, Rule, mismatch, shown
from .catalog_data import REGION_IDS
from .crdb import (add_crdb_region, add_subscription_region, is_active_active, region_id, region_names, regions_of,
                   remove_crdb_regions, remove_subscription_regions, update_crdb)
from .deployments import provider_of
from .scenario_model import ErrorTriple

def _subscription(resources, ids: Mapping[str, int]):
    return lookups.find(resources, "subscription", ids)


def _repeated(names: Iterable[Any]) -> bool:
    return any(count > 1 for count in Counter(names).values())


# ---------------------------------------------------------------- rules


def _new_subscription(body, ids, resources, account) -> ErrorTriple | None:
    """An Active-Active subscription names each region once, each a region of its cloud."""
    if body.get("deploymentType") != "active-active":
        return None
    regions = [(cloud.get("provider", "AWS"), region.get("region"))
               for cloud in body.get("cloudProviders") or [] for region in cloud.get("regions") or []]
    if _repeated(name for _, name in regions):
        return mismatch("ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE")
    if any(region not in REGION_IDS for region in regions):
        return mismatch("SUBSCRIPTION_INVALID_REGION_NAME")
    return None


def _new_crdb(body, ids, resources, account) -> ErrorTriple | None:
    """A CRDB's local throughputs name the subscription's regions, once each."""
    subscription = _subscription(resources, ids)
    if subscription is None or not is_active_active(subscription.data):
        return None
    named = [entry.get("region") for entry in body.get("localThroughputMeasurement") or []]
    if _repeated(named):
        return mismatch("CRDB_ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE")
    if set(named) - set(region_names(subscription.data)):
        return mismatch("MISSING_REGIONS_BETWEEN_LOCAL_THROUGHPUT_MEASUREMENTS_AND_SUBSCRIPTION_REGIONS")
    return None


def _check_region_add(body, ids, resources, account) -> ErrorTriple | None:
    subscription = _subscription(resources, ids)
    provider = provider_of(subscription.data)
    if (provider, body.get("region")) not in REGION_IDS:
        return mismatch("ACTIVE_ACTIVE_INVALID_CREATE_REGION_NAME")
    if body["region"] in region_names(subscription.data):
        return mismatch("ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE")
    specs = [spec.get("name") for spec in body.get("databases") or []]
    if _repeated(specs):
        return mismatch("ACTIVE_ACTIVE_CREATE_A_REGION_MUST_BE_DEFINED_ONCE_PER_DATABASE")
    crdbs = {db.data.get("name") for db in lookups.children(resources, subscription, "database")}
    if crdbs - set(specs):
        return mismatch("ACTIVE_ACTIVE_CREATE_A_REGION_MUST_CONTAIN_DATABASE_SPEC_TO_ALL_CRDBS_IN_SUBSCRIPTION")
    return None


def _check_region_delete(body, ids, resources, account) -> ErrorTriple | None:
    """Regions the subscription has, each once, and one at least left."""
    names = [entry.get("region") for entry in body.get("regions") or []]
    existing = region_names(_subscription(resources, ids).data)
    if not names or set(names) - set(existing):
        return mismatch("ACTIVE_ACTIVE_INVALID_DELETE_REGION_NAME")
    if _repeated(names):
        return mismatch("ACTIVE_ACTIVE_DELETE_REGIONS_MUST_BE_DEFINED_ONCE")
    if not set(existing) - set(names):
        return mismatch("ACTIVE_ACTIVE_DELETE_SUBSCRIPTION_MUST_BE_DEPLOYED_IN_AT_LEAST_ONE_REGION")
    return None


def _local_properties(body, ids, resources, account) -> ErrorTriple | None:
    names = [entry.get("region") for entry in body.get("regions") or []]
    if _repeated(names):
        return mismatch("ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE")
    if set(names) - set(region_names(_subscription(resources, ids).data)):
        return mismatch("ACTIVE_ACTIVE_MISMATCH_BETWEEN_REQUEST_REGIONS_AND_SUBSCRIPTION_REGIONS")
    return None


def _region_name_rule(missing: str, invalid: str, not_allowed: str) -> Rule:
    """Backups of an Active-Active database name one of its regions; a single-region one's none."""
    def rule(body, ids, resources, account) -> ErrorTriple | None:
        subscription = _subscription(resources, ids)
        name = body.get("regionName")
        if subscription is None or not is_active_active(subscription.data):
            return mismatch(not_allowed) if name else None
        if not name:
            return mismatch(missing)
        return None if name in region_names(subscription.data) else mismatch(invalid)
    return rule


def _aa_peering(body, ids, resources, account) -> ErrorTriple | None:
    if body.get("sourceRegion") not in region_names(_subscription(resources, ids).data):
        return mismatch("ACTIVE_ACTIVE_VPC_PEERING_INVALID_SOURCE_REGION_NAME")
    return None


RULES: dict[str, Rule] = {
    "createSubscription": _new_subscription, "createDatabase": _new_crdb,
    "addNewRegionToActiveActiveSubscription": _check_region_add,
    "deleteRegionsFromActiveActiveSubscription": _check_region_delete,
    "updateCrdbLocalProperties": _local_properties,
    "backupDatabase": _region_name_rule("ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME",
                                        "ACTIVE_ACTIVE_INVALID_BACKUP_REGION_NAME",
                                        "BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"),
    "getDatabaseBackupStatus": _region_name_rule(
        "ACTIVE_ACTIVE_BACKUP_STATUS_MISSING_REGION_NAME", "ACTIVE_ACTIVE_INVALID_BACKUP_STATUS_REGION_NAME",
        "BACKUP_STATUS_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"),
    "createActiveActiveVpcPeering": _aa_peering,
}


# ---------------------------------------------------------------- performers


def _crdb_update(act: Act) -> None:
    update_crdb(act.resource.data, act.body, act.now)


def _flush(act: Act) -> None:
    """Every region's data is gone: nothing is used any more."""
    for entry in act.resource.data.get("crdbDatabases") or []:
        entry["memoryUsedInMb"] = 0.0


def _region_add(act: Act) -> None:
    """The subscription is deployed in one more region: each CRDB gets an entry there (its local
    throughput as the request's spec for it says), and AWS shares a Transit Gateway with it."""
    subscription = act.resource
    add_subscription_region(subscription.data, act.body)
    provider, name = provider_of(subscription.data), act.body["region"]
    specs = {spec.get("name"): spec.get("localThroughputMeasurement") for spec in act.body.get("databases") or []}
    for database in lookups.children(act.resources, subscription, "database"):
        add_crdb_region(database.data, subscription.ids["subscriptionId"], provider, name,
                        specs.get(database.data.get("name")))
    if provider == "AWS":
        act.create("tgw-invitation", subscription, {"regionId": region_id(provider, name)}, {})


REGIONAL_KINDS = ("psc-service", "private-link", "tgw-invitation", "tgw")


def _region_delete(act: Act) -> None:
    """The regions go, and with them their CRDB entries, services, links, gateways and peerings."""
    subscription = act.resource
    names = [entry["region"] for entry in act.body.get("regions") or []]
    gone_ids = {region_id(provider, name) for provider, name in regions_of(subscription.data) if name in names}
    remove_subscription_regions(subscription.data, names)
    for database in lookups.children(act.resources, subscription, "database"):
        remove_crdb_regions(database.data, names)
    doomed: list[Any] = [child for child in lookups.children(act.resources, subscription, *REGIONAL_KINDS)
                         if child.ids.get("regionId") in gone_ids]
    doomed += [endpoint for service in doomed if service.kind.name == "psc-service"
               for endpoint in lookups.children(act.resources, service, "psc-endpoint")]
    doomed += [peering for peering in lookups.children(act.resources, subscription, "aa-peering")
               if peering.data.get("sourceRegion") in names]
    for resource in doomed:
        act.forget(resource)


PERFORMERS: dict[str, Performer] = {"crdb-update": _crdb_update, "flush": _flush, "region-add": _region_add,
                                    "region-delete": _region_delete}


# ---------------------------------------------------------------- queries


def _peerings(act: Act) -> dict[str, Any]:
    """Each region of the subscription with the peerings from it; listing them reads each."""
    subscription = act.resource
    peerings = [peering for peering in lookups.children(act.resources, subscription, "aa-peering") if act.read(peering)]
    return {"subscriptionId": subscription.ids["subscriptionId"], "regions": [
        {"id": region_id(provider, name), "region": name,
         "vpcPeerings": [shown(p) for p in peerings if p.data.get("sourceRegion") == name]}
        for provider, name in regions_of(subscription.data)]}


QUERIES: dict[str, Query] = {"aa-peerings": _peerings}
