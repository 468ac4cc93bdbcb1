"""Pro subscriptions and databases: how a request body becomes a resource body, and changes it.

Bodies follow the official spec's schemas (``Subscription``, ``Database``) with the types the
official Go SDK decodes strictly: integer ids, float sizes, response ``networking`` an array,
``paymentMethodType`` for the request's ``paymentMethod``, ``replicaOf`` an object. A stored body
keeps a ``status`` key in its place; the store writes the current status in on every read.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from .body_fields import alerts, copy_present, regex_rules, remote_backup
from .catalog_data import DEFAULT_REDIS_VERSION
from .crdb import is_active_active, new_crdb, region_details
from .passwords import database_password
from .timefmt import resource_time


def new_subscription(ids: Mapping[str, int], body: Mapping[str, Any], now: datetime,
                     parent: Mapping[str, Any] | None = None) -> dict[str, Any]:
    sub_id = ids["subscriptionId"]
    providers = body.get("cloudProviders") or [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}]
    plan_size = sum(float(db.get("datasetSizeInGb") or db.get("memoryLimitInGb") or 1) * int(db.get("quantity") or 1)
                    for db in body.get("databases") or [])
    return {
        "id": sub_id,
        "name": body.get("name") or f"subscription-{sub_id}",
        "status": "pending",
        "deploymentType": body.get("deploymentType", "single-region"),
        "paymentMethodId": body.get("paymentMethodId", 1),
        "publicEndpointAccess": body.get("publicEndpointAccess", True),
        "memoryStorage": body.get("memoryStorage", "ram"),
        "numberOfDatabases": 0,
        "paymentMethodType": body.get("paymentMethod", "credit-card"),
        "storageEncryption": body.get("persistentStorageEncryptionType") == "customer-managed-key",
        "subscriptionPricing": [pricing_line(plan_size)],
        "cloudDetails": [{
            "provider": provider.get("provider", "AWS"),
            "cloudAccountId": provider.get("cloudAccountId", 1),
            "totalSizeInGb": round(plan_size, 4),
            "regions": [region_details(region, index) for index, region in enumerate(provider.get("regions") or [])],
            "links": [],
        } for provider in providers],
    }


def pricing_line(size_gb: float) -> dict[str, Any]:
    shards = max(1, int(size_gb // 25) + 1)
    return {"type": "Shards", "typeDetails": "high-throughput", "quantity": shards, "quantityMeasurement": "shards",
            "pricePerUnit": 0.124, "priceCurrency": "USD", "pricePeriod": "hour"}


def dry_run_pricing(body: Mapping[str, Any]) -> dict[str, Any]:
    """What a dry-run subscription create answers in the completed task's response.resource."""
    size = sum(float(db.get("datasetSizeInGb") or db.get("memoryLimitInGb") or 1) * int(db.get("quantity") or 1)
               for db in body.get("databases") or [])
    return {"pricing": [dict(pricing_line(size), databaseName=db.get("name"))
                        for db in body.get("databases") or [{"name": None}]]}


def update_subscription(data: dict[str, Any], body: Mapping[str, Any], now: datetime) -> None:
    for field in ("name", "paymentMethodId", "publicEndpointAccess"):
        if body.get(field) is not None:
            data[field] = body[field]
    if body.get("paymentMethod") is not None:
        data["paymentMethodType"] = body["paymentMethod"]


def new_database(ids: Mapping[str, int], body: Mapping[str, Any], now: datetime,
                 parent: Mapping[str, Any] | None = None) -> dict[str, Any]:
    if is_active_active(parent or {}):  # a CRDB: one database in each of the subscription's regions
        return new_crdb(ids, body, now, parent)
    db_id, sub_id = ids["databaseId"], ids["subscriptionId"]
    region = subscription_region(parent or {})
    port = int(body.get("port") or 10000 + db_id % 10000)
    host = f"redis-{port}.c{sub_id}.{region}-1.ec2.cloud.redislabs.com"
    size = float(body.get("datasetSizeInGb") or body.get("memoryLimitInGb") or 1)
    throughput = body.get("throughputMeasurement") or {"by": "operations-per-second", "value": 25000}
    data: dict[str, Any] = {
        "databaseId": db_id,
        "name": body.get("name") or f"db-{db_id}",
        "protocol": body.get("protocol", "redis"),
        "provider": subscription_provider(parent or {}),
        "region": region,
        "redisVersion": body.get("redisVersion", DEFAULT_REDIS_VERSION),
        "redisVersionCompliance": body.get("redisVersion", DEFAULT_REDIS_VERSION),
        "respVersion": body.get("respVersion", "resp2"),
        "status": "pending",
        "memoryLimitInGb": size,
        "datasetSizeInGb": size,
        "memoryUsedInMb": 0.0,
        "memoryStorage": "ram",
        "supportOSSClusterApi": bool(body.get("supportOSSClusterApi", False)),
        "useExternalEndpointForOSSClusterApi": bool(body.get("useExternalEndpointForOSSClusterApi", False)),
        "dataPersistence": body.get("dataPersistence", "none"),
        "replication": bool(body.get("replication", True)),
        "dataEvictionPolicy": body.get("dataEvictionPolicy", "volatile-lru"),
        "throughputMeasurement": {"by": throughput.get("by", "operations-per-second"),
                                  "value": int(throughput.get("value", 25000))},
        "activatedOn": resource_time(now),
        "lastModified": resource_time(now),
        "publicEndpoint": f"{host}:{port}",
        "privateEndpoint": f"redis-{port}.internal.c{sub_id}.{region}-1.ec2.cloud.redislabs.com:{port}",
        "clustering": {"numberOfShards": 1, "regexRules": [], "hashingPolicy": "standard"},
        "security": {
            "enableDefaultUser": True,
            "password": database_password(ids, body),  # served, as the spec's example and captures show
            "sslClientAuthentication": False,
            "tlsClientAuthentication": False,
            "enableTls": bool(body.get("enableTls", False)),
            "sourceIps": list(body.get("sourceIp") or ["0.0.0.0/0"]),
        },
        "modules": [{"name": module.get("name"), "parameters": module.get("parameters", {})}
                    for module in body.get("modules") or []],
        "alerts": alerts(body.get("alerts")),
        "backup": remote_backup(body.get("remoteBackup"), body.get("periodicBackupPath")),
        "autoMinorVersionUpgrade": bool(body.get("autoMinorVersionUpgrade", True)),
    }
    if body.get("replicaOf"):
        data["replicaOf"] = {"endpoints": list(body["replicaOf"])}
    return data


def update_database(data: dict[str, Any], body: Mapping[str, Any], now: datetime) -> None:
    copy_present(data, body, ((field, field) for field in (
        "name", "respVersion", "dataPersistence", "dataEvictionPolicy", "replication", "supportOSSClusterApi",
        "useExternalEndpointForOSSClusterApi", "autoMinorVersionUpgrade")))
    for field in ("memoryLimitInGb", "datasetSizeInGb"):
        if body.get(field) is not None:
            data[field] = float(body[field])
    if isinstance(body.get("throughputMeasurement"), dict):
        data["throughputMeasurement"] = {"by": body["throughputMeasurement"].get("by", "operations-per-second"),
                                         "value": int(body["throughputMeasurement"].get("value", 25000))}
    copy_present(data["security"], body, (("enableTls", "enableTls"), ("enableDefaultUser", "enableDefaultUser"),
                                          ("sourceIp", "sourceIps"), ("password", "password")))
    if body.get("regexRules") is not None:
        data["clustering"]["regexRules"] = regex_rules(body["regexRules"])
    if body.get("alerts") is not None:
        data["alerts"] = alerts(body["alerts"])
    if isinstance(body.get("remoteBackup"), dict) or body.get("periodicBackupPath"):
        data["backup"] = remote_backup(body.get("remoteBackup"), body.get("periodicBackupPath"))
    if "replicaOf" in body:  # null (sent by the Go SDK when unset) leaves it as it is
        if body["replicaOf"]:
            data["replicaOf"] = {"endpoints": list(body["replicaOf"])}
    data["lastModified"] = resource_time(now)


def subscription_provider(subscription: Mapping[str, Any]) -> str:
    for cloud in subscription.get("cloudDetails") or []:
        return cloud.get("provider", "AWS")
    return "AWS"


def subscription_region(subscription: Mapping[str, Any]) -> str:
    for cloud in subscription.get("cloudDetails") or []:
        for region in cloud.get("regions") or []:
            return region.get("region", "us-east-1")
    return "us-east-1"


def creation_plan(body: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The databases a subscription create asks for, one entry per database (quantity expanded)."""
    plan = []
    for spec in body.get("databases") or []:
        plan.extend([spec] * max(1, int(spec.get("quantity") or 1)))
    return plan
