"""The data of the account-level catalogs: regions, Essentials plans, Redis versions, data
persistence options, database modules and query performance factors. Taken from the official spec's
examples and the SDK's captured fixtures (docs/operations.md lists what is inferred). Plain data:
every other module may import it.
"""
from __future__ import annotations

from typing import Any

# The official example of `Regions` (id, name, provider), in its order.
REGIONS: list[dict[str, Any]] = [{"id": region_id, "name": name, "provider": provider} for region_id, name, provider in (
    (1, "us-east-1", "AWS"), (2, "us-west-1", "AWS"), (3, "us-west-2", "AWS"), (4, "eu-west-1", "AWS"),
    (29, "eu-central-1", "AWS"), (7, "sa-east-1", "AWS"), (63, "ca-central-1", "AWS"), (62, "eu-north-1", "AWS"),
    (61, "eu-west-3", "AWS"), (60, "eu-west-2", "AWS"), (59, "us-east-2", "AWS"), (64, "ap-east-1", "AWS"),
    (30, "ap-south-1", "AWS"), (116, "ap-northeast-2", "AWS"), (6, "ap-northeast-1", "AWS"),
    (5, "ap-southeast-1", "AWS"), (15, "ap-southeast-2", "AWS"), (32, "asia-east1", "GCP"),
    (33, "asia-northeast1", "GCP"), (34, "asia-southeast1", "GCP"), (35, "europe-west1", "GCP"),
    (74, "europe-west2", "GCP"), (36, "europe-west4", "GCP"), (27, "us-central1", "GCP"), (38, "us-east1", "GCP"),
    (39, "us-east4", "GCP"), (40, "us-west1", "GCP"))]
REGION_IDS = {(region["provider"], region["name"]): region["id"] for region in REGIONS}
PROVIDERS = ("AWS", "GCP")


def _plan(plan_id: int, name: str, size: float, unit: str, provider: str, region: str, price: int,
          availability: str, connections: str, cidr_rules: int, redis_flex: bool = False) -> dict[str, Any]:
    paid = price > 0
    return {"id": plan_id, "name": name, "size": size, "sizeMeasurementUnit": unit, "provider": provider,
            "region": region, "regionId": REGION_IDS[(provider, region)], "price": price, "priceCurrency": "USD",
            "pricePeriod": "Month", "maximumDatabases": 1, "availability": availability, "connections": connections,
            "cidrAllowRules": cidr_rules, "supportDataPersistence": paid, "redisFlex": redis_flex,
            "supportInstantAndDailyBackups": paid, "supportReplication": availability != "No replication",
            "supportClustering": False, "supportSsl": paid,
            "supportedAlerts": ["datasets-size", "throughput-higher-than"], "customerSupport": "Standard",
            "links": []}


# Essentials plans: the ids, names, sizes and prices of the official examples and captures.
PLANS: list[dict[str, Any]] = [
    _plan(34811, "30MB", 30, "MB", "AWS", "us-east-1", 0, "No replication", "30", 1),
    _plan(34858, "250MB", 250, "MB", "AWS", "us-east-1", 5, "No replication", "256", 4),
    _plan(98181, "Multi-AZ 1GB", 1, "GB", "AWS", "us-east-1", 22, "Multi-zone", "1024", 8),
    _plan(98183, "Multi-AZ 5GB", 5, "GB", "AWS", "us-east-1", 100, "Multi-zone", "unlimited", 16),
    _plan(98276, "Standard 1GB", 1, "GB", "AWS", "us-west-1", 22, "Single-zone", "1024", 8),
    _plan(98273, "Cache 5GB", 5, "GB", "AWS", "eu-west-1", 77, "No replication", "unlimited", 4),
    _plan(99001, "30MB", 30, "MB", "GCP", "us-central1", 0, "No replication", "30", 1),
    _plan(99002, "250MB", 250, "MB", "GCP", "us-central1", 5, "No replication", "256", 4),
    _plan(99101, "Flex 1GB", 1, "GB", "AWS", "us-east-1", 5, "No replication", "1024", 4, redis_flex=True),
]
PLANS_BY_ID = {plan["id"]: plan for plan in PLANS}
DEFAULT_PLAN = PLANS_BY_ID[34858]

# The SDK's captured `GET /subscriptions/redis-versions` lists 6.2, 7.2 and 7.4 (the default); 8.0 is
# offered for upgrades (Terraform's Redis 8 tests).
REDIS_VERSIONS = [{"version": version, "isPreview": False, "isDefault": version == "7.4"}
                  for version in ("6.2", "7.2", "7.4", "8.0")]
DEFAULT_REDIS_VERSION = "7.4"

DATA_PERSISTENCE = [{"name": name, "description": description} for name, description in (
    ("none", "None"), ("aof-every-1-second", "Append only file (AOF) - fsync every 1 second"),
    ("aof-every-write", "Append only file (AOF) - fsync every write"),
    ("snapshot-every-1-hour", "Snapshot every 1 hour"), ("snapshot-every-6-hours", "Snapshot every 6 hour"),
    ("snapshot-every-12-hours", "Snapshot every 12 hour"))]

MODULES = [
    {"name": "RedisBloom", "capabilityName": "Probabilistic",
     "description": "A set of probabilistic data structures to Redis, including Bloom filter, Cuckoo filter, "
                    "Count-min sketch, Top-K, and t-digest", "parameters": []},
    {"name": "RedisJSON", "capabilityName": "JSON",
     "description": "Native JSON Data Type for Redis, allowing for atomic reads and writes of sub-elements",
     "parameters": []},
    {"name": "RediSearch", "capabilityName": "Search and query",
     "description": "A comprehensive, expressive, flexible, fast and developer-friendly search and query engine "
                    "for the diversity of data types in Redis with state-of-the-art scoring algorithms",
     "parameters": [{"name": "number-of-documents",
                     "description": "Expected number of documents the database module will be indexing",
                     "type": "integer", "defaultValue": 1000000, "required": False}]},
    {"name": "RedisTimeSeries", "capabilityName": "Time series", "description": "Time-Series data structure for redis",
     "parameters": []},
]
QUERY_PERFORMANCE_FACTORS = ["Standard", "2x", "4x", "6x", "8x"]


def version_key(version: str) -> tuple:
    """"7.10" after "7.4": versions compare by their numbers."""
    return tuple(int(part) if part.isdigit() else 0 for part in str(version).split("."))


def newer_versions(current: str) -> list[str]:
    return [v["version"] for v in REDIS_VERSIONS if version_key(v["version"]) > version_key(current)]
