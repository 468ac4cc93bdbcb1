"""Request bodies the family tests share: Active-Active and GCP subscriptions, the catalog's region ids."""
from __future__ import annotations

from conftest import SUBSCRIPTION

# The catalog's ids of the regions the tests use (GET /regions).
REGION_IDS = {"us-east-1": 1, "us-east-2": 59, "us-west-2": 3, "eu-west-1": 4, "us-central1": 27, "us-east1": 38}
AA_REGIONS = ("us-east-1", "us-east-2")


def throughput(region, ops=1000):
    return {"region": region, "readOperationsPerSecond": ops, "writeOperationsPerSecond": ops}


def active_active(provider="AWS", regions=AA_REGIONS):
    return {"name": "aa", "deploymentType": "active-active", "paymentMethodId": 1,
            "cloudProviders": [{"provider": provider, "regions": [
                {"region": name, "networking": {"deploymentCIDR": f"10.0.{index}.0/24"}}
                for index, name in enumerate(regions)]}],
            "databases": [{"name": "plan-db", "protocol": "redis", "datasetSizeInGb": 1,
                           "localThroughputMeasurement": [throughput(name) for name in regions]}]}


AA_SUBSCRIPTION = active_active()
GCP_SUBSCRIPTION = {**SUBSCRIPTION, "cloudProviders": [{"provider": "GCP", "regions": [{"region": "us-central1"}]}]}
GCP_AA_SUBSCRIPTION = active_active("GCP", ("us-central1", "us-east1"))
