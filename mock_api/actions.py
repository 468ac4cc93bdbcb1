"""Named behaviours of task-backed operations, which the table refers to by ``effect``:

* PERFORMERS — what an action task (backup, import, upgrade, CIDR / maintenance / tags update, cost
  report) does to its resource when it completes; may return the completed task's ``response.resource``;
* QUERIES — what a query task (a GET answering with a task) carries in ``response.resource``.

The handlers of synchronous operations (VIEW and CATALOG) are gathered in sync.py.
"""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Callable, Dict, Mapping, Optional

from . import lookups
from .records import Account, Resource
from .timefmt import resource_time

Body = Mapping[str, Any]
Performer = Callable[[Optional[Resource], Body, datetime], Optional[Dict[str, Any]]]


def _backup(resource: Optional[Resource], body: Body, now: datetime) -> None:
    resource.extra["backup"] = {"status": "success", "lastBackupTime": resource_time(now),
                                "backupPath": body.get("adhocBackupPath")}


def _import(resource: Optional[Resource], body: Body, now: datetime) -> None:
    resource.extra["import"] = {"status": "completed", "sourceType": body.get("sourceType"),
                                "importFromUri": list(body.get("importFromUri") or []),
                                "lastImportTime": resource_time(now)}


def _upgrade(resource: Optional[Resource], body: Body, now: datetime) -> None:
    resource.extra["upgrade"] = {"targetRedisVersion": body["targetRedisVersion"]}  # its status query
    resource.data["redisVersion"] = body["targetRedisVersion"]
    resource.data["redisVersionCompliance"] = body["targetRedisVersion"]
    resource.data["lastModified"] = resource_time(now)


def _cidr(resource: Optional[Resource], body: Body, now: datetime) -> None:
    resource.extra["cidr"] = {"cidr_ips": list(body.get("cidrIps") or []),
                              "security_group_ids": list(body.get("securityGroupIds") or [])}


def _maintenance(resource: Optional[Resource], body: Body, now: datetime) -> None:
    resource.extra["maintenance"] = {"mode": body["mode"], "windows": [
        {"startHour": w.get("startHour"), "durationInHours": w.get("durationInHours"), "days": list(w.get("days") or [])}
        for w in body.get("windows") or []]}


def _resource_tags(resource: Optional[Resource], body: Body, now: datetime) -> None:
    resource.extra["resourceTags"] = [{"key": t.get("key"), "value": t.get("value")}
                                      for t in body.get("resourceTags") or []]


def _cost_report(resource: Optional[Resource], body: Body, now: datetime) -> Dict[str, Any]:
    extension = "csv" if body.get("format") == "csv" else "json"
    return {"costReportId": f"{uuid.uuid5(uuid.NAMESPACE_URL, repr(sorted(body.items())) + now.isoformat())}"
                            f".{extension}"}


PERFORMERS: Dict[str, Performer] = {
    "backup": _backup, "import": _import, "upgrade": _upgrade, "cidr-update": _cidr,
    "maintenance-windows": _maintenance, "resource-tags": _resource_tags, "cost-report": _cost_report,
}


Reader = Callable[[Resource], bool]  # counts one read of a resource; False once it is gone


def _cidr_list(account: Account, resource: Resource, read: Reader) -> Dict[str, Any]:
    cidr = resource.extra.get("cidr", {"cidr_ips": [], "security_group_ids": []})
    return {**cidr, "errors": []}


def _peerings(account: Account, resource: Resource, read: Reader) -> Dict[str, Any]:
    """Listing the peerings shows each one: a read of each (a peering has no GET of its own)."""
    listed = lookups.children(account.resources, resource, "peering")
    return {"peerings": [dict(r.data, status=r.status()) for r in listed if read(r)]}


def _backup_status(account: Account, resource: Resource, read: Reader) -> Dict[str, Any]:
    return dict(resource.extra.get("backup", {}))


def _import_status(account: Account, resource: Resource, read: Reader) -> Dict[str, Any]:
    return dict(resource.extra.get("import", {}))


QUERIES: Dict[str, Callable[[Account, Resource, Reader], Dict[str, Any]]] = {
    "cidr": _cidr_list, "peerings": _peerings, "backup-status": _backup_status, "import-status": _import_status,
}
