"""Synchronous reads of a Pro subscription: its pricing, its regions (with their databases) and its
maintenance windows."""
from __future__ import annotations

from typing import Any

from . import lookups
from .calls import Call
from .crdb import region_id
from .pro import subscription_region


def _pricing(call: Call) -> dict[str, Any]:
    """The subscription's plan as priced when it was created (its `subscriptionPricing`), per region:
    what Terraform reads on every read of a subscription."""
    data = call.resource.data
    region = subscription_region(data)
    return {"pricing": [dict(line, region=region) for line in data.get("subscriptionPricing") or []]}


def _regions(call: Call) -> dict[str, Any]:
    """Each region of the subscription with the databases it serves: a CRDB with its local throughput
    there; a single-region subscription lists its one region, its databases with their throughput."""
    subscription = call.resource
    databases = lookups.children(call.resources, subscription, "database")
    regions = []
    for cloud in subscription.data.get("cloudDetails") or []:
        for region in cloud.get("regions") or []:
            networking = (region.get("networking") or [{}])[0]
            regions.append({"regionId": region_id(cloud.get("provider", "AWS"), region.get("region")),
                            "region": region.get("region"), "deploymentCidr": networking.get("deploymentCIDR"),
                            "vpcId": networking.get("vpcId"), "databases": _served(databases, region.get("region")),
                            "links": []})
    return {"subscriptionId": subscription.ids["subscriptionId"], "regions": regions}


def _served(databases: list[Any], region: str) -> list[dict[str, Any]]:
    served = []
    for db in databases:
        ops = db.data.get("throughputMeasurement", {}).get("value", 0)
        read = write = ops
        if db.data.get("activeActiveRedis"):
            local = next((entry for entry in db.data.get("crdbDatabases") or [] if entry.get("region") == region), None)
            if local is None:
                continue
            read, write = local["readOperationsPerSecond"], local["writeOperationsPerSecond"]
        served.append({"databaseId": db.ids["databaseId"], "databaseName": db.data.get("name"),
                       "readOperationsPerSecond": read, "writeOperationsPerSecond": write,
                       "respVersion": db.data.get("respVersion"), "links": []})
    return served


def _maintenance_windows(call: Call) -> dict[str, Any]:
    windows = call.resource.extra.get("maintenance", {"mode": "automatic", "windows": []})
    # No skip is running: `currentSkipEnd` (a non-nullable string in the spec) is left out, not null.
    return {"mode": windows["mode"], "timeZone": "UTC", "windows": windows["windows"],
            "skipStatus": {"remainingSkips": 2}}


HANDLERS = {"pricing": _pricing, "subscription-regions": _regions, "maintenance-windows": _maintenance_windows}
