"""The Terraform provider's call sequences (terraform-provider-rediscloud 2.11.0, through the Go SDK)
against a live server: create, read, update and delete of a Pro subscription (with its pricing), a Pro
database (with tags), an Essentials subscription and database (with tags), a VPC peering and an ACL
user — the same requests in the same order, with the provider's own waits (delays, poll intervals,
pending and target states). Each flow ends by comparing the requests it sent, a wait's repeated
reads shown once, with the provider's sequence, so a change in what the mock answers that would make
the provider take another path shows here."""
from __future__ import annotations

import pytest

from go_sdk import (ESSENTIALS_DB_PENDING, GoSdk, collapsed, database_active, expect_types, state_change,
                    status_of, subscription_active)

PASSWORD = "Str0ng!Passw0rd"
# resource "rediscloud_subscription" with one creation_plan (buildCreateCloudProviders,
# BuildSubscriptionCreatePlanDatabases): what Subscription.Create sends.
PRO_SUBSCRIPTION = {
    "name": "tf-pro", "dryRun": False, "paymentMethodId": 1, "paymentMethod": "credit-card", "memoryStorage": "ram",
    "cloudProviders": [{"provider": "AWS", "cloudAccountId": 1, "regions": [{
        "region": "us-east-1", "multipleAvailabilityZones": False, "preferredAvailabilityZones": ["us-east-1a"],
        "networking": {"deploymentCIDR": "10.0.0.0/24"}}]}],
    "databases": [{"name": "creation-plan-db-1", "protocol": "redis", "datasetSizeInGb": 1,
                   "supportOSSClusterApi": False, "replication": False, "quantity": 1,
                   "throughputMeasurement": {"by": "operations-per-second", "value": 1000}}],
    "publicEndpointAccess": True,
}


@pytest.fixture(params=[("default", "hal"), ("default", "v1"), ("realistic", "hal"), ("realistic", "v1")],
                ids=lambda p: "-".join(p))
def sdk(request, mock_api_live):
    profile, links = request.param
    mock_api_live.set_profile(profile)
    mock_api_live.set_links(links)
    return GoSdk(mock_api_live)


# ---------------------------------------------------------------- resource "rediscloud_subscription"


class ProSubscription:
    """provider/pro/resource_rediscloud_pro_subscription.go"""

    def __init__(self, sdk):
        self.sdk = sdk

    def create(self):
        sdk = self.sdk
        self.id = sdk.create("/subscriptions", PRO_SUBSCRIPTION)
        subscription_active(sdk, self.id)
        sdk.sleep(30)  # "the subscription is marked as active before the creation-plan databases are listed"
        subscription_active(sdk, self.id)
        self._delete_plan_databases()
        return self.update(["name", "payment_method_id", "public_endpoint_access"], PRO_SUBSCRIPTION["name"])

    def _delete_plan_databases(self):
        """Database.List's iterator, deleting as it goes: a page, then the next until an empty one or a 404."""
        sdk, offset = self.sdk, 0
        while True:
            page = sdk.call("GET", f"/subscriptions/{self.id}/databases?limit=100&offset={offset}", ok_404=True)
            databases = (page or {"subscription": [{}]})["subscription"][0].get("databases") or []
            if not databases:
                return
            for db in databases:
                database_active(sdk, self.id, db["databaseId"])
                sdk.run("DELETE", f"/subscriptions/{self.id}/databases/{db['databaseId']}")
            offset += 100

    def read(self):
        sdk, path = self.sdk, f"/subscriptions/{self.id}"
        subscription = sdk.get(path)
        expect_types(subscription, {"id": int, "name": str, "status": str, "paymentMethodId": int,
                                    "paymentMethodType": str, "memoryStorage": str, "publicEndpointAccess": bool,
                                    "numberOfDatabases": int, "cloudDetails": list})
        region = subscription["cloudDetails"][0]["regions"][0]
        assert isinstance(region["networking"], list)  # FlattenCloudDetails: an array in the response
        # cloud account 1 (Redis's own): no CIDR allow-list read
        maintenance = sdk.get(f"{path}/maintenance-windows")
        expect_types(maintenance, {"mode": str, "windows": list, "skipStatus": dict})
        pricing = sdk.get(f"{path}/pricing")["pricing"]
        for line in pricing:
            expect_types(line, {"type": str, "typeDetails": str, "quantity": int, "quantityMeasurement": str,
                                "pricePerUnit": float, "priceCurrency": str, "pricePeriod": str, "region": str})
        assert pricing, "FlattenPricing reads at least the plan's shards"
        return subscription

    def update(self, changed, name):
        sdk, path = self.sdk, f"/subscriptions/{self.id}"
        sdk.get(path)
        if {"name", "payment_method_id", "public_endpoint_access"} & set(changed):
            body = {"name": name} if "name" in changed else {}
            if "payment_method_id" in changed:
                body["paymentMethodId"] = 1
            if "public_endpoint_access" in changed:
                body["publicEndpointAccess"] = True
            sdk.run("PUT", path, body)
        subscription_active(sdk, self.id)
        if "public_endpoint_access" in changed:  # WaitForSubscriptionPublicEndpointAccess
            state_change(sdk, lambda: (lambda s: (s, "matched" if s.get("publicEndpointAccess", True) else "waiting"))(
                sdk.get(path)), ["waiting"], ["matched"], delay=2, poll_interval=5, timeout=30)
        return self.read()

    def delete(self):
        sdk, path = self.sdk, f"/subscriptions/{self.id}"
        sdk.get(path)
        subscription_active(sdk, self.id)
        sdk.sleep(30)
        subscription_active(sdk, self.id)
        sdk.run("DELETE", path)
        state_change(sdk, status_of(sdk, path, gone="deleted"), ["deleting"], ["deleted"], delay=10, poll_interval=30)


def test_pro_subscription_create_read_update_delete(sdk):
    resource = ProSubscription(sdk)
    created = resource.create()
    sub, plan_db = resource.id, f"/subscriptions/{resource.id}/databases"
    assert created["status"] == "active" and created["numberOfDatabases"] == 0
    resource.read()
    assert resource.update(["name"], "tf-pro-renamed")["name"] == "tf-pro-renamed"
    resource.delete()
    assert sdk.get(f"/subscriptions/{sub}", ok_404=True) is None
    path = f"/subscriptions/{sub}"
    read = [f"GET {path}", f"GET {path}/maintenance-windows", f"GET {path}/pricing"]
    assert collapsed(sdk.requests) == [
        "POST /subscriptions", "poll", f"GET {path}",
        f"GET {plan_db}?limit=100&offset=0", f"GET {plan_db}/{plan_db_id(sdk)}", f"DELETE {plan_db}/{plan_db_id(sdk)}",
        "poll", f"GET {plan_db}?limit=100&offset=100",
        f"GET {path}", f"PUT {path}", "poll", *read,  # update after create, then read
        *read,  # a refresh
        f"GET {path}", f"PUT {path}", "poll", *read,  # update of the name
        f"GET {path}", f"DELETE {path}", "poll", f"GET {path}",  # delete, and wait for the 404
    ]


def plan_db_id(sdk):
    return next(path.rsplit("/", 1)[1] for method, path in sdk.requests if method == "DELETE")


# ---------------------------------------------------------------- resource "rediscloud_subscription_database"


class ProDatabase:
    """provider/pro/resource_rediscloud_pro_database.go; tags through provider/pro/utils.go."""

    def __init__(self, sdk, sub):
        self.sdk, self.sub = sdk, sub

    @property
    def path(self):
        return f"/subscriptions/{self.sub}/databases/{self.id}"

    def create(self, tags):
        sdk = self.sdk
        subscription_active(sdk, self.sub)
        self.id = sdk.create(f"/subscriptions/{self.sub}/databases", {
            "name": "tf-db", "protocol": "redis", "supportOSSClusterApi": False, "dataPersistence": "none",
            "dataEvictionPolicy": "volatile-lru", "replication": True, "datasetSizeInGb": 1,
            "throughputMeasurement": {"by": "operations-per-second", "value": 1000}, "modules": [], "alerts": [],
            "password": PASSWORD})
        database_active(sdk, self.sub, self.id)
        subscription_active(sdk, self.sub)
        return self.update("tf-db", tags)

    def update(self, name, tags):
        sdk = self.sdk
        sdk.get(f"/subscriptions/{self.sub}")  # source_ips left to their default: public_endpoint_access decides
        subscription_active(sdk, self.sub)
        database_active(sdk, self.sub, self.id)
        sdk.run("PUT", self.path, {
            "name": name, "supportOSSClusterApi": False, "replication": True,
            "throughputMeasurement": {"by": "operations-per-second", "value": 1000}, "dataPersistence": "none",
            "dataEvictionPolicy": "volatile-lru", "sourceIp": ["0.0.0.0/0"], "alerts": [], "enableDefaultUser": True,
            "datasetSizeInGb": 1, "password": PASSWORD, "replicaOf": [], "enableTls": False,
            "useExternalEndpointForOSSClusterApi": False})
        database_active(sdk, self.sub, self.id)
        subscription_active(sdk, self.sub)
        sdk.call("PUT", f"{self.path}/tags", {"tags": [{"key": k, "value": v} for k, v in tags.items()]})
        return self.read()

    def read(self):
        sdk = self.sdk
        db = sdk.get(self.path)
        expect_types(db, {"databaseId": int, "name": str, "protocol": str, "memoryLimitInGb": float,
                          "datasetSizeInGb": float, "replication": bool, "throughputMeasurement": dict})
        security = db["security"]  # dereferenced: enableTls, enableDefaultUser, tlsClientAuthentication
        assert all(isinstance(security[k], bool) for k in ("enableTls", "enableDefaultUser", "tlsClientAuthentication"))
        assert security["password"] == PASSWORD  # protocol redis: the password is read back
        subscription_active(sdk, self.sub)  # default source_ips: the subscription's public endpoint access
        sdk.get(f"/subscriptions/{self.sub}")
        answer = sdk.get(f"{self.path}/tags")
        return db, {tag["key"]: tag["value"] for tag in answer.get("tags") or []}

    def delete(self):
        sdk = self.sdk
        subscription_active(sdk, self.sub)
        database_active(sdk, self.sub, self.id)
        sdk.run("DELETE", self.path)
        subscription_active(sdk, self.sub)


def test_pro_database_with_tags_create_read_update_delete(sdk):
    subscription = ProSubscription(sdk)
    subscription.create()
    sdk.requests.clear()
    resource = ProDatabase(sdk, subscription.id)
    db, tags = resource.create({"env": "test"})
    assert (db["name"], tags) == ("tf-db", {"env": "test"})
    assert resource.read()[1] == {"env": "test"}
    db, tags = resource.update("tf-db-2", {"env": "prod", "team": "cache"})
    assert (db["name"], tags) == ("tf-db-2", {"env": "prod", "team": "cache"})
    resource.delete()
    sub, path = f"/subscriptions/{subscription.id}", resource.path
    read = [f"GET {path}", f"GET {sub}", f"GET {path}/tags"]
    update = [f"GET {sub}", f"GET {path}", f"PUT {path}", "poll", f"GET {path}", f"GET {sub}", f"PUT {path}/tags"]
    assert collapsed(sdk.requests) == [
        f"GET {sub}", f"POST {sub}/databases", "poll", f"GET {path}", *update, *read,  # create, then update
        *read,  # a refresh
        *update, *read,  # update of the name and the tags
        f"GET {sub}", f"GET {path}", f"DELETE {path}", "poll", f"GET {sub}",  # delete
    ]
    subscription.delete()  # the subscription goes, its database gone


# ---------------------------------------------------------------- Essentials


def essentials_subscription_active(sdk, sub):
    return state_change(sdk, status_of(sdk, f"/fixed/subscriptions/{sub}"), ["pending"], ["active"], delay=10)


def test_essentials_subscription_and_database_with_tags(sdk):
    """provider/resource_rediscloud_essentials_subscription.go and _database.go"""
    # subscription: create, wait active, read
    sub = sdk.create("/fixed/subscriptions", {"name": "tf-ess", "planId": 34858, "paymentMethod": "credit-card",
                                              "paymentMethodId": 1})
    essentials_subscription_active(sdk, sub)
    subscription = sdk.get(f"/fixed/subscriptions/{sub}")
    expect_types(subscription, {"id": int, "name": str, "status": str, "planId": int, "paymentMethodId": int,
                                "paymentMethodType": str, "creationDate": str})

    # database: create, wait (30 s, then every 30 s), update (which writes the tags), read with its tags
    db_path = f"/fixed/subscriptions/{sub}/databases"
    db_id = sdk.create(db_path, {"name": "tf-ess-db", "dataPersistence": "none", "dataEvictionPolicy": "allkeys-lru",
                                 "replication": False, "periodicBackupPath": "", "protocol": "redis",
                                 "sourceIps": ["0.0.0.0/0"], "password": PASSWORD, "alerts": [], "modules": []})
    db_path = f"{db_path}/{db_id}"

    def database_active():
        state_change(sdk, status_of(sdk, db_path), ESSENTIALS_DB_PENDING, ["active"], delay=30, poll_interval=30)

    def update(name, tags):
        sdk.run("PUT", db_path, {"name": name, "dataPersistence": "none", "dataEvictionPolicy": "allkeys-lru",
                                 "replication": False, "periodicBackupPath": "", "enableDefaultUser": True,
                                 "sourceIps": ["0.0.0.0/0"], "password": PASSWORD, "alerts": []})
        database_active()
        essentials_subscription_active(sdk, sub)
        sdk.call("PUT", f"{db_path}/tags", {"tags": [{"key": k, "value": v} for k, v in tags.items()]})
        return read()

    def read():
        db = sdk.get(db_path)
        assert db["security"]["password"] == PASSWORD and isinstance(db["security"]["defaultUserEnabled"], bool)
        assert isinstance(db["alerts"], list) and isinstance(db["modules"], list)  # dereferenced
        assert db["backup"]["remoteBackupEnabled"] is False  # so periodic_backup_path is not read from it
        return db, {tag["key"]: tag["value"] for tag in sdk.get(f"{db_path}/tags").get("tags") or []}

    database_active()
    assert update("tf-ess-db", {"env": "test"})[1] == {"env": "test"}
    assert read()[1] == {"env": "test"}
    db, tags = update("tf-ess-db-2", {"env": "prod"})
    assert (db["name"], tags) == ("tf-ess-db-2", {"env": "prod"})

    # subscription update (no wait after it), then the database's delete (no wait after it) and the subscription's
    sdk.run("PUT", f"/fixed/subscriptions/{sub}", {"name": "tf-ess-2", "planId": 34858, "paymentMethod": "credit-card",
                                                   "paymentMethodId": 1})
    assert sdk.get(f"/fixed/subscriptions/{sub}")["name"] == "tf-ess-2"
    database_active()
    sdk.run("DELETE", db_path)
    essentials_subscription_active(sdk, sub)
    sdk.run("DELETE", f"/fixed/subscriptions/{sub}")
    state_change(sdk, status_of(sdk, f"/fixed/subscriptions/{sub}", gone="deleted"), ["deleting"], ["deleted"],
                 delay=10)
    fixed = f"/fixed/subscriptions/{sub}"
    read_db = [f"GET {db_path}", f"GET {db_path}/tags"]
    update_db = [f"PUT {db_path}", "poll", f"GET {db_path}", f"GET {fixed}", f"PUT {db_path}/tags", *read_db]
    assert collapsed(sdk.requests) == [
        "POST /fixed/subscriptions", "poll", f"GET {fixed}",
        f"POST {fixed}/databases", "poll", f"GET {db_path}", *update_db, *read_db, *update_db,
        f"PUT {fixed}", "poll", f"GET {fixed}",
        f"GET {db_path}", f"DELETE {db_path}", "poll", f"GET {fixed}", f"DELETE {fixed}", "poll", f"GET {fixed}",
    ]


# ---------------------------------------------------------------- resource "rediscloud_subscription_peering"


def test_vpc_peering_create_read_delete(sdk):
    """provider/resource_rediscloud_subscription_peering.go (AWS); a peering is replaced, never updated."""
    subscription = ProSubscription(sdk)
    subscription.create()
    sdk.requests.clear()
    peerings = f"/subscriptions/{subscription.id}/peerings"
    peering_id = sdk.create(peerings, {"region": "us-east-1", "awsAccountId": "123456789012", "vpcId": "vpc-tf",
                                       "vpcCidr": "172.31.0.0/16"})

    def find():
        listed = sdk.query(peerings)["peerings"]
        return next((p for p in listed if p["vpcPeeringId"] == peering_id), None)

    def refresh():  # waitForPeeringToBeInitiated
        peering = find()
        return (peering, peering["status"]) if peering else (None, "")

    state_change(sdk, refresh, ["initiating-request"], ["active", "inactive", "pending-acceptance"], delay=10,
                 timeout=600)
    peering = find()  # the read
    expect_types(peering, {"vpcPeeringId": int, "status": str, "awsAccountId": str, "awsPeeringUid": str,
                           "vpcUid": str, "vpcCidr": str, "regionName": str})
    assert (peering["regionName"], peering["vpcCidr"], peering["vpcUid"]) == ("us-east-1", "172.31.0.0/16", "vpc-tf")
    assert "projectUid" not in peering  # read as AWS: no GCP project
    sdk.run("DELETE", f"{peerings}/{peering_id}")
    assert collapsed(sdk.requests) == [f"POST {peerings}", "poll", f"GET {peerings}", "poll", f"GET {peerings}",
                                       "poll", f"DELETE {peerings}/{peering_id}", "poll"]


# ---------------------------------------------------------------- resource "rediscloud_acl_user"


def test_acl_user_create_read_update_delete(sdk):
    """provider/resource_rediscloud_acl_user.go"""
    subscription = ProSubscription(sdk)
    subscription.create()
    db = ProDatabase(sdk, subscription.id)
    db.create({})
    for role in ("tf-readers", "tf-writers"):
        sdk.create("/acl/roles", {"name": role, "redisRules": [{"ruleName": "Read-Only", "databases": [
            {"subscriptionId": subscription.id, "databaseId": db.id}]}]})
    sdk.requests.clear()

    def active(user_id):
        return state_change(sdk, status_of(sdk, f"/acl/users/{user_id}"), ["pending"], ["active"], delay=5,
                            timeout=300)

    user_id = sdk.create("/acl/users", {"name": "tf-user", "role": "tf-readers", "password": PASSWORD})
    active(user_id)
    sdk.sleep(15)  # "ACL Users and Roles flip between Active and Pending a few times after creation/update"
    active(user_id)
    user = sdk.get(f"/acl/users/{user_id}")
    expect_types(user, {"id": int, "name": str, "role": str, "status": str})
    assert (user["name"], user["role"]) == ("tf-user", "tf-readers")

    sdk.run("PUT", f"/acl/users/{user_id}", {"role": "tf-writers", "password": PASSWORD})
    active(user_id)
    sdk.sleep(15)
    active(user_id)
    assert sdk.get(f"/acl/users/{user_id}")["role"] == "tf-writers"

    active(user_id)
    sdk.run("DELETE", f"/acl/users/{user_id}")
    # retry.RetryContext (5 minutes): any user still there is retried, NotFound is done
    state_change(sdk, lambda: ("gone", "gone") if sdk.get(f"/acl/users/{user_id}", ok_404=True) is None
                 else ("there", "retry"), ["retry"], ["gone"], timeout=300)
    path = f"/acl/users/{user_id}"
    assert collapsed(sdk.requests) == ["POST /acl/users", "poll", f"GET {path}", f"PUT {path}", "poll", f"GET {path}",
                                       f"DELETE {path}", "poll", f"GET {path}"]
