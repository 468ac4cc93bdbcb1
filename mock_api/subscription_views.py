"""Synchronous reads of a Pro subscription: its pricing, its regions (with their databases) and its
maintenance windows."""
from __future__ import annotations

from typing import Any, Dict

from . import lookups
from .calls import Call
from .catalog_data import REGION_IDS
from .pro import subscription_region


def _pricing(call: Call) -> Dict[str, Any]:
    """The subscription's plan as priced when it was created (its `subscriptionPricing`), per region:
    what Terraform reads on every read of a subscription."""
    data = call.resource.data
    region = subscription_region(data)
    return {"pricing": [dict(line, region=region) for line in data.get("subscriptionPricing") or []]}


def _regions(call: Call) -> Dict[str, Any]:
    """Each region of the subscription with the databases it serves (the Active-Active shape; a
    single-region subscription lists its one region)."""
    subscription = call.resource
    databases = [{"databaseId": db.ids["databaseId"], "databaseName": db.data.get("name"),
                  "readOperationsPerSecond": db.data.get("throughputMeasurement", {}).get("value", 0),
                  "writeOperationsPerSecond": db.data.get("throughputMeasurement", {}).get("value", 0),
                  "respVersion": db.data.get("respVersion"), "links": []}
                 for db in lookups.children(call.resources, subscription, "database")]
    regions = []
    for cloud in subscription.data.get("cloudDetails") or []:
        for region in cloud.get("regions") or []:
            networking = (region.get("networking") or [{}])[0]
            regions.append({"regionId": REGION_IDS.get((cloud.get("provider", "AWS"), region.get("region")), 0),
                            "region": region.get("region"), "deploymentCidr": networking.get("deploymentCIDR"),
                            "vpcId": networking.get("vpcId"), "databases": databases, "links": []})
    return {"subscriptionId": subscription.ids["subscriptionId"], "regions": regions}


def _maintenance_windows(call: Call) -> Dict[str, Any]:
    windows = call.resource.extra.get("maintenance", {"mode": "automatic", "windows": []})
    # No skip is running: `currentSkipEnd` (a non-nullable string in the spec) is left out, not null.
    return {"mode": windows["mode"], "timeZone": "UTC", "windows": windows["windows"],
            "skipStatus": {"remainingSkips": 2}}


HANDLERS = {"pricing": _pricing, "subscription-regions": _regions, "maintenance-windows": _maintenance_windows}
