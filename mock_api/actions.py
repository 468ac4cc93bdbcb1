"""Named behaviours of task-backed operations, which the table refers to by ``effect``:

* PERFORMERS — what an action task (backup, import, upgrade, CIDR / maintenance / tags update, cost
  report, and the families' own) does when it completes; may return the completed task's
  ``response.resource``. An UPDATE that names an effect changes its resource with it instead of the
  kind's updater (a CRDB's local properties, a subscription's regions).
* QUERIES — what a query task (a GET answering with a task) carries in ``response.resource``.

The behaviours of Active-Active, Private Service Connect, PrivateLink and Transit Gateways live with
their family and are gathered here. The handlers of synchronous operations are gathered in sync.py.
"""
from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from . import active_active, lookups, privatelink, psc, transit_gateway
from .acts import Act, Performer, Query, shown
from .crdb import is_active_active
from .registry import gathered
from .timefmt import resource_time


def _parent_subscription(act: Act) -> Mapping[str, Any]:
    found = lookups.find(act.resources, "subscription", act.ids) if "subscriptionId" in act.ids else None
    return found.data if found is not None else {}


def _backup(act: Act) -> None:
    record = {"status": "success", "lastBackupTime": resource_time(act.now),
              "backupPath": act.body.get("adhocBackupPath")}
    if act.body.get("regionName"):  # an Active-Active database backs up one region at a time
        act.resource.extra.setdefault("regionBackups", {})[act.body["regionName"]] = record
    else:
        act.resource.extra["backup"] = record


def _import(act: Act) -> None:
    act.resource.extra["import"] = {"status": "completed", "sourceType": act.body.get("sourceType"),
                                    "importFromUri": list(act.body.get("importFromUri") or []),
                                    "lastImportTime": resource_time(act.now)}


def _upgrade(act: Act) -> None:
    target = act.body["targetRedisVersion"]
    act.resource.extra["upgrade"] = {"targetRedisVersion": target}  # its status query
    act.resource.data["redisVersion"] = target
    act.resource.data["redisVersionCompliance"] = target
    act.resource.data["lastModified"] = resource_time(act.now)


def _cidr(act: Act) -> None:
    act.resource.extra["cidr"] = {"cidr_ips": list(act.body.get("cidrIps") or []),
                                  "security_group_ids": list(act.body.get("securityGroupIds") or [])}


def _maintenance(act: Act) -> None:
    act.resource.extra["maintenance"] = {"mode": act.body["mode"], "windows": [
        {"startHour": w.get("startHour"), "durationInHours": w.get("durationInHours"), "days": list(w.get("days") or [])}
        for w in act.body.get("windows") or []]}


def _resource_tags(act: Act) -> None:
    act.resource.extra["resourceTags"] = [{"key": t.get("key"), "value": t.get("value")}
                                          for t in act.body.get("resourceTags") or []]


def _cost_report(act: Act) -> dict[str, Any]:
    extension = "csv" if act.body.get("format") == "csv" else "json"
    seed = repr(sorted(act.body.items())) + act.now.isoformat()
    return {"costReportId": f"{uuid.uuid5(uuid.NAMESPACE_URL, seed)}.{extension}"}


PERFORMERS: dict[str, Performer] = gathered({
    "backup": _backup, "import": _import, "upgrade": _upgrade, "cidr-update": _cidr,
    "maintenance-windows": _maintenance, "resource-tags": _resource_tags, "cost-report": _cost_report,
}, active_active.PERFORMERS, psc.PERFORMERS, privatelink.PERFORMERS, transit_gateway.PERFORMERS)


def _cidr_list(act: Act) -> dict[str, Any]:
    cidr = act.resource.extra.get("cidr", {"cidr_ips": [], "security_group_ids": []})
    return {**cidr, "errors": []}


def _peerings(act: Act) -> dict[str, Any]:
    """Listing the peerings shows each one: a read of each (a peering has no GET of its own)."""
    listed = lookups.children(act.resources, act.resource, "peering")
    return {"peerings": [shown(r) for r in listed if act.read(r)]}


def _backup_status(act: Act) -> dict[str, Any]:
    if act.body.get("regionName") and is_active_active(_parent_subscription(act)):
        return dict(act.resource.extra.get("regionBackups", {}).get(act.body["regionName"], {}))
    return dict(act.resource.extra.get("backup", {}))


def _import_status(act: Act) -> dict[str, Any]:
    return dict(act.resource.extra.get("import", {}))


QUERIES: dict[str, Query] = gathered({
    "cidr": _cidr_list, "peerings": _peerings, "backup-status": _backup_status, "import-status": _import_status,
}, active_active.QUERIES, psc.QUERIES, privatelink.QUERIES, transit_gateway.QUERIES)


