"""Active-Active: the regions of a subscription, and the bodies of its databases (CRDBs), which hold
one entry per region (`crdbDatabases`) beside their global properties.

Shapes follow the official Go SDK's Active-Active models (`ActiveActiveDatabase`, `CrdbDatabase`,
`LocalRegionProperties`) and its fixture of a CRDB: global fields (`globalDataPersistence`,
`globalSourceIp`, `globalAlerts`…) and, per region, endpoints, sizes, local throughput, persistence,
alerts, security and backup. Plain functions of bodies: no lookups (kinds.py builds with them).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from .body_fields import alerts, copy_present, remote_backup
from .catalog_data import DEFAULT_REDIS_VERSION, REGION_IDS
from .passwords import database_password
from .timefmt import resource_time

Body = Mapping[str, Any]
ACTIVE_ACTIVE = "active-active"
DEFAULT_LOCAL_OPS = 1000  # read and write operations per second of a region no throughput names


# ---------------------------------------------------------------- a subscription's regions


def is_active_active(subscription: Body) -> bool:
    return subscription.get("deploymentType") == ACTIVE_ACTIVE


def region_details(region: Body, index: int) -> dict[str, Any]:
    """One entry of a subscription's `cloudDetails[].regions`: the request's networking is an object,
    the response's an array."""
    networking = region.get("networking") or {}
    name = region.get("region", "us-east-1")
    return {
        "region": name,
        "networking": [{
            "deploymentCIDR": networking.get("deploymentCIDR") or region.get("deploymentCIDR") or f"10.0.{index}.0/24",
            "vpcId": networking.get("vpcId") or region.get("vpcId") or f"vpc-{index:017x}",
            "subnetId": f"subnet-{index + 1:017x}",
        }],
        "preferredAvailabilityZones": list(region.get("preferredAvailabilityZones") or [f"{name}a"]),
        "multipleAvailabilityZones": bool(region.get("multipleAvailabilityZones", False)),
    }


def regions_of(subscription: Body) -> list[tuple[str, str]]:
    """(provider, region name) of each region the subscription is deployed in, in order."""
    return [(cloud.get("provider", "AWS"), region.get("region"))
            for cloud in subscription.get("cloudDetails") or [] for region in cloud.get("regions") or []]


def region_names(subscription: Body) -> list[str]:
    return [name for _, name in regions_of(subscription)]


def region_id(provider: str, name: str | None) -> int:
    """The catalog's id of a region (GET /regions); 0 for a name the catalog lacks."""
    return REGION_IDS.get((provider, name), 0)


def region_by_id(subscription: Body, wanted: int) -> str | None:
    """The name of the subscription's region whose catalog id is ``wanted``, if it has one."""
    return next((name for provider, name in regions_of(subscription) if region_id(provider, name) == wanted), None)


def add_subscription_region(subscription: dict[str, Any], body: Body) -> None:
    cloud = subscription["cloudDetails"][0]
    cloud["regions"].append(region_details(body, len(cloud["regions"])))


def remove_subscription_regions(subscription: dict[str, Any], names: Iterable[str]) -> None:
    gone = set(names)
    for cloud in subscription.get("cloudDetails") or []:
        cloud["regions"] = [region for region in cloud.get("regions") or [] if region.get("region") not in gone]


# ---------------------------------------------------------------- CRDB bodies


def _endpoints(sub_id: int, index: int, provider: str, region: str, port: int) -> tuple[str, str]:
    cloud = "gcp" if provider == "GCP" else "ec2"
    host = f"mc{sub_id % 100000}-{index}.{region}-mz.{cloud}.cloud.rlrcp.com"
    return f"redis-{port}.{host}:{port}", f"redis-{port}.internal.{host}:{port}"


def _throughputs(body: Body) -> dict[str, Mapping[str, Any]]:
    return {entry.get("region"): entry for entry in body.get("localThroughputMeasurement") or []
            if isinstance(entry, Mapping)}


def crdb_region(data: Mapping[str, Any], sub_id: int, index: int, provider: str, region: str,
                throughput: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One region's database, from the CRDB's global properties."""
    throughput = throughput or {}
    public, private = _endpoints(sub_id, index, provider, region, data["port"])
    return {
        "provider": provider, "region": region,
        "redisVersionCompliance": data["redisVersion"],
        "publicEndpoint": public, "privateEndpoint": private,
        "memoryLimitInGb": data["size"], "datasetSizeInGb": data["size"], "memoryUsedInMb": 0.0,
        "readOperationsPerSecond": int(throughput.get("readOperationsPerSecond") or DEFAULT_LOCAL_OPS),
        "writeOperationsPerSecond": int(throughput.get("writeOperationsPerSecond") or DEFAULT_LOCAL_OPS),
        "dataPersistence": data["globalDataPersistence"],
        "alerts": [dict(alert) for alert in data["globalAlerts"]],
        "security": {"enableDefaultUser": data["globalEnableDefaultUser"], "sslClientAuthentication": False,
                     "tlsClientAuthentication": False, "enableTls": data["enableTls"],
                     "sourceIps": list(data["globalSourceIp"])},
        "backup": {"enableRemoteBackup": False},
    }


def new_crdb(ids: Mapping[str, int], body: Body, now: datetime, subscription: Body) -> dict[str, Any]:
    """A database of an Active-Active subscription: global properties, and one entry per region."""
    db_id, sub_id = ids["databaseId"], ids["subscriptionId"]
    data: dict[str, Any] = {
        "databaseId": db_id,
        "name": body.get("name") or f"db-{db_id}",
        "protocol": body.get("protocol", "redis"),
        "redisVersion": body.get("redisVersion", DEFAULT_REDIS_VERSION),
        "respVersion": body.get("respVersion", "resp3"),
        "status": "pending",
        "memoryStorage": "ram",
        "activeActiveRedis": True,
        "activatedOn": resource_time(now),
        "lastModified": resource_time(now),
        "supportOSSClusterApi": bool(body.get("supportOSSClusterApi", False)),
        "useExternalEndpointForOSSClusterApi": bool(body.get("useExternalEndpointForOSSClusterApi", False)),
        "replication": True,  # an Active-Active database always replicates
        "dataEvictionPolicy": body.get("dataEvictionPolicy", "noeviction"),
        "autoMinorVersionUpgrade": bool(body.get("autoMinorVersionUpgrade", True)),
        "modules": [{"name": module.get("name")} for module in body.get("modules") or []],
        "globalDataPersistence": body.get("dataPersistence", "none"),
        "globalSourceIp": list(body.get("sourceIp") or ["0.0.0.0/0"]),
        "globalPassword": database_password(ids, body),  # served, as a Pro database's password is
        "globalAlerts": alerts(body.get("alerts")),
        "globalEnableDefaultUser": True,
    }
    if body.get("queryPerformanceFactor"):
        data["queryPerformanceFactor"] = body["queryPerformanceFactor"]
    shared = {**data, "port": int(body.get("port") or 10000 + db_id % 10000),
              "size": float(body.get("datasetSizeInGb") or body.get("memoryLimitInGb") or 1),
              "enableTls": bool(body.get("enableTls", False))}
    throughputs = _throughputs(body)
    data["crdbDatabases"] = [crdb_region(shared, sub_id, index, provider, region, throughputs.get(region))
                             for index, (provider, region) in enumerate(regions_of(subscription))]
    return data


def _port(data: Mapping[str, Any]) -> int:
    for region in data.get("crdbDatabases") or []:
        return int(str(region.get("publicEndpoint", "")).rsplit(":", 1)[-1] or 0) or 10000
    return 10000 + data["databaseId"] % 10000


def add_crdb_region(data: dict[str, Any], sub_id: int, provider: str, region: str,
                    throughput: Mapping[str, Any] | None) -> None:
    """A region added to the subscription: the database gets an entry there, with its global properties."""
    first = (data.get("crdbDatabases") or [{}])[0]
    shared = {**data, "port": _port(data), "size": first.get("datasetSizeInGb", 1.0),
              "enableTls": (first.get("security") or {}).get("enableTls", False)}
    data["crdbDatabases"].append(crdb_region(shared, sub_id, len(data["crdbDatabases"]), provider, region,
                                             throughput))


def remove_crdb_regions(data: dict[str, Any], names: Iterable[str]) -> None:
    gone = set(names)
    data["crdbDatabases"] = [entry for entry in data.get("crdbDatabases") or [] if entry.get("region") not in gone]


# ---------------------------------------------------------------- PUT …/databases/{id}/regions

GLOBAL_FIELDS = (("name", "name"), ("supportOSSClusterApi", "supportOSSClusterApi"),
                 ("useExternalEndpointForOSSClusterApi", "useExternalEndpointForOSSClusterApi"),
                 ("dataEvictionPolicy", "dataEvictionPolicy"), ("autoMinorVersionUpgrade", "autoMinorVersionUpgrade"),
                 ("globalPassword", "globalPassword"), ("globalEnableDefaultUser", "globalEnableDefaultUser"),
                 ("globalDataPersistence", "globalDataPersistence"),
                 ("queryPerformanceFactor", "queryPerformanceFactor"))


def update_crdb(data: dict[str, Any], body: Body, now: datetime) -> None:
    """Global properties reach every region; then each region named in `regions` gets its own."""
    copy_present(data, body, GLOBAL_FIELDS)
    size = body.get("datasetSizeInGb") or body.get("memoryLimitInGb")
    for entry in data.get("crdbDatabases") or []:
        if size is not None:
            entry["memoryLimitInGb"] = entry["datasetSizeInGb"] = float(size)
        if body.get("globalDataPersistence") is not None:
            entry["dataPersistence"] = body["globalDataPersistence"]
        if body.get("globalSourceIp") is not None:
            entry["security"]["sourceIps"] = list(body["globalSourceIp"])
        if body.get("globalEnableDefaultUser") is not None:
            entry["security"]["enableDefaultUser"] = bool(body["globalEnableDefaultUser"])
        if body.get("enableTls") is not None:
            entry["security"]["enableTls"] = bool(body["enableTls"])
        if body.get("globalAlerts") is not None:
            entry["alerts"] = alerts(body["globalAlerts"])
    if body.get("globalSourceIp") is not None:
        data["globalSourceIp"] = list(body["globalSourceIp"])
    if body.get("globalAlerts") is not None:
        data["globalAlerts"] = alerts(body["globalAlerts"])
    by_region = {entry.get("region"): entry for entry in data.get("crdbDatabases") or []}
    for local in body.get("regions") or []:
        entry = by_region.get(local.get("region"))
        if entry is not None:
            _update_region(entry, local)
    data["lastModified"] = resource_time(now)


def _update_region(entry: dict[str, Any], local: Body) -> None:
    throughput = local.get("localThroughputMeasurement") or {}
    copy_present(entry, throughput, (("readOperationsPerSecond", "readOperationsPerSecond"),
                                     ("writeOperationsPerSecond", "writeOperationsPerSecond")))
    copy_present(entry, local, (("dataPersistence", "dataPersistence"),))
    copy_present(entry["security"], local, (("sourceIp", "sourceIps"), ("enableDefaultUser", "enableDefaultUser")))
    if local.get("alerts") is not None:
        entry["alerts"] = alerts(local["alerts"])
    if isinstance(local.get("remoteBackup"), Mapping):
        entry["backup"] = remote_backup(local["remoteBackup"])
    # A region's own password is kept by the real service and never shown: mock_api keeps none.
