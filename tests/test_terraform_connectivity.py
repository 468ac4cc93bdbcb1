"""The Terraform provider's call sequences for Active-Active subscriptions, their regions and CRDBs,
Private Service Connect, PrivateLink and Transit Gateways (terraform-provider-rediscloud 2.11.0,
through the Go SDK) against a live server, with the provider's own waits (delays, poll intervals,
pending and target states), under a poll-driven and a clock-driven profile. A status the provider
does not expect, a missing field or a wrong JSON type fails here as it would fail an apply."""
from __future__ import annotations

import pytest

from family_support import AA_REGIONS, REGION_IDS, single_region, throughput
from go_sdk import GoSdk, database_active, expect_types, state_change, subscription_active

# resource "rediscloud_active_active_subscription" (buildCreateActiveActiveCloudProviders, createAADatabase)
AA_SUBSCRIPTION = {
    "name": "tf-aa", "deploymentType": "active-active", "dryRun": False, "paymentMethodId": 1,
    "paymentMethod": "credit-card", "memoryStorage": "ram",
    "cloudProviders": [{"provider": "AWS", "regions": [{"region": name, "networking": {"deploymentCIDR": cidr}}
                                                       for name, cidr in zip(AA_REGIONS, ("10.0.0.0/24", "10.1.0.0/24"))]}],
    "databases": [{"name": "creation-plan-db-1", "protocol": "redis", "datasetSizeInGb": 1, "quantity": 1,
                   "localThroughputMeasurement": [throughput(name) for name in AA_REGIONS]}],
}
# resource "rediscloud_active_active_subscription_database" (CreateActiveActiveDatabase)
CRDB = {"dryRun": False, "name": "tf-crdb", "protocol": "redis", "datasetSizeInGb": 1, "dataEvictionPolicy": "noeviction",
        "dataPersistence": "none", "sourceIp": ["0.0.0.0/0"], "password": "Str0ng!Passw0rd",
        "localThroughputMeasurement": [throughput(name) for name in AA_REGIONS], "redisVersion": "7.2"}


@pytest.fixture(params=[("default", "v1"), ("realistic", "hal")], ids=lambda p: "-".join(p))
def sdk(request, mock_api_live):
    profile, links = request.param
    mock_api_live.set_profile(profile)
    mock_api_live.set_links(links)
    return GoSdk(mock_api_live)


def regions_settled(sdk, sub):
    """After a region is added, deleted or changed: active, 30 s, active again (the regions resource)."""
    subscription_active(sdk, sub)
    sdk.sleep(30)
    subscription_active(sdk, sub)


def not_found(sdk, method, path, body=None):
    """A call whose task may fail: None when its error's status starts with 404 (the SDK's NotFound)."""
    try:
        return sdk.run(method, path, body)
    except AssertionError as error:
        if str(error).startswith("404"):
            return None
        raise


def new_subscription(sdk, body):
    sub = sdk.create("/subscriptions", body)
    regions_settled(sdk, sub)  # a new subscription settles as a changed one does
    return sub


# ---------------------------------------------------------------- Active-Active


def test_active_active_subscription_database_and_regions(sdk):
    sub = new_subscription(sdk, AA_SUBSCRIPTION)
    for db in sdk.list_databases(sub):  # the creation-plan databases go
        database_active(sdk, sub, db["databaseId"])
        sdk.run("DELETE", f"/subscriptions/{sub}/databases/{db['databaseId']}")
    subscription_active(sdk, sub)

    # resource "rediscloud_active_active_subscription_database": create, then read
    subscription_active(sdk, sub)
    db = sdk.create(f"/subscriptions/{sub}/databases", CRDB)
    db_path = f"/subscriptions/{sub}/databases/{db}"
    database_active(sdk, sub, db)
    subscription_active(sdk, sub)
    crdb = sdk.get(db_path)
    expect_types(crdb, {"databaseId": int, "name": str, "activeActiveRedis": bool, "globalSourceIp": list,
                        "globalPassword": str, "crdbDatabases": list, "replication": bool})
    for entry in crdb["crdbDatabases"]:
        expect_types(entry, {"provider": str, "region": str, "memoryLimitInGb": float, "datasetSizeInGb": float,
                             "readOperationsPerSecond": int, "writeOperationsPerSecond": int, "alerts": list,
                             "security": dict, "backup": dict})
    assert (crdb["globalPassword"], [e["region"] for e in crdb["crdbDatabases"]]) == ("Str0ng!Passw0rd",
                                                                                    list(AA_REGIONS))

    # resource "rediscloud_active_active_subscription_regions": a region added, its databases changed, deleted
    listed = sdk.get(f"/subscriptions/{sub}/regions")
    assert [region["region"] for region in listed["regions"]] == list(AA_REGIONS)
    sdk.create(f"/subscriptions/{sub}/regions", {"region": "us-west-2", "deploymentCIDR": "10.2.0.0/24",
                                                 "databases": [{"name": "tf-crdb", "localThroughputMeasurement":
                                                                throughput("us-west-2", 2000)}]})
    regions_settled(sdk, sub)
    sdk.run("PUT", f"{db_path}/regions", {"regions": [{"region": "us-east-2", "localThroughputMeasurement": {
        "region": "us-east-2", "readOperationsPerSecond": 3000, "writeOperationsPerSecond": 3000}}]})
    regions_settled(sdk, sub)
    by_region = {r["region"]: r for r in sdk.get(f"/subscriptions/{sub}/regions")["regions"]}
    assert by_region["us-west-2"]["regionId"] == REGION_IDS["us-west-2"]
    assert by_region["us-west-2"]["databases"][0]["readOperationsPerSecond"] == 2000
    assert by_region["us-east-2"]["databases"][0]["writeOperationsPerSecond"] == 3000
    sdk.run("DELETE", f"/subscriptions/{sub}/regions/", {"regions": [{"region": "us-west-2"}]})  # DeleteWithQuery
    regions_settled(sdk, sub)
    assert [r["region"] for r in sdk.get(f"/subscriptions/{sub}/regions")["regions"]] == list(AA_REGIONS)

    # an Active-Active VPC peering (resource "rediscloud_active_active_subscription_peering")
    peering = sdk.create(f"/subscriptions/{sub}/regions/peerings/", {
        "provider": "AWS", "sourceRegion": "us-east-1", "destinationRegion": "us-east-1",
        "awsAccountId": "123456789012", "vpcId": "vpc-tf", "vpcCidrs": ["172.31.0.0/16"]})

    def find():
        for region in sdk.query(f"/subscriptions/{sub}/regions/peerings/")["regions"]:
            for found in region["vpcPeerings"]:
                if found["id"] == peering:
                    return found, region["region"]
        return None, None

    state_change(sdk, lambda: (lambda p: (p[0], p[0]["status"] if p[0] else ""))(find()), ["initiating-request"],
                 ["active", "inactive", "pending-acceptance"], delay=30, poll_interval=30, timeout=600)
    found, source = find()
    expect_types(found, {"id": int, "status": str, "awsAccountId": str, "awsPeeringUid": str, "vpcUid": str,
                         "vpcCidr": str, "regionName": str, "vpcCidrs": list})
    assert (source, found["regionName"]) == ("us-east-1", "us-east-1")
    sdk.run("DELETE", f"/subscriptions/{sub}/regions/peerings/{peering}")


# ---------------------------------------------------------------- Private Service Connect


def test_psc_service_endpoint_and_accepter(sdk):
    sub = new_subscription(sdk, single_region("GCP", "us-central1"))
    psc = f"/subscriptions/{sub}/private-service-connect"
    assert not_found(sdk, "GET", psc) is None  # the read of a service not created yet: NotFound
    service = sdk.create(psc, None)  # CreateService posts no body
    state_change(sdk, lambda: (lambda s: (s, s["status"]))(sdk.query(psc)), ["create-queued", "initialized",
                                                                             "create-pending"], ["active"],
                 delay=10, poll_interval=30)
    subscription_active(sdk, sub)
    expect_types(sdk.query(psc), {"id": int, "connectionHostName": str, "serviceAttachmentName": str, "status": str})

    endpoints = f"{psc}/{service}"
    endpoint = sdk.create(endpoints, {"gcpProjectId": "tf-project", "gcpVpcName": "tf-vpc",
                                      "gcpVpcSubnetName": "tf-subnet", "endpointConnectionName": "tf-endpoint"})
    subscription_active(sdk, sub)

    def status():
        found = next(e for e in sdk.query(endpoints)["endpoints"] if e["id"] == endpoint)
        return found, found["status"]

    found, _ = status()
    expect_types(found, {"id": int, "gcpProjectId": str, "gcpVpcName": str, "status": str})
    script = sdk.query(f"{endpoints}/endpoints/{endpoint}/creationScripts?includeTerraformGcpScript=true")
    assert script["script"]["terraformGcp"]["serviceAttachments"]
    # resource "rediscloud_private_service_connect_endpoint_accepter"
    state_change(sdk, status, ["initialized", "processing"], ["pending"], delay=10, poll_interval=30)
    sdk.run("PUT", f"{endpoints}/endpoints/{endpoint}", {"action": "accept"})
    state_change(sdk, status, ["pending", "accept-pending"], ["active"], delay=10, poll_interval=30)
    # The provider's destroy of an accepted endpoint waits for the consumer's GCP resources to go, which
    # mock_api cannot see: the API's own delete removes it.
    sdk.run("DELETE", f"{endpoints}/endpoints/{endpoint}")
    state_change(sdk, lambda: (lambda e: (e or "gone", e["status"] if e else "gone"))(
        next((e for e in sdk.query(endpoints)["endpoints"] if e["id"] == endpoint), None)),
        ["processing", "deleted", "active"], ["gone"], delay=10, poll_interval=30)
    sdk.run("DELETE", psc)
    subscription_active(sdk, sub)


# ---------------------------------------------------------------- PrivateLink


def test_private_link_with_principals(sdk):
    sub = new_subscription(sdk, single_region("AWS", "us-east-1"))
    link = f"/subscriptions/{sub}/private-link"

    def refresh():  # waitForPrivateLinkToBeActive: a NotFound (or an empty link) is still initializing
        found = not_found(sdk, "GET", link)
        resource = (found or {}).get("response", {}).get("resource") or {}
        return ("share", resource["status"]) if resource.get("status") else (None, "initializing")

    sdk.create(link, {"shareName": "tf-share", "principal": "123456789012", "type": "aws_account", "alias": "a"})
    state_change(sdk, lambda: (lambda r: (r[0] or "pending", r[1]))(refresh()), ["initializing"], ["active"],
                 delay=10, poll_interval=10)
    sdk.create(f"{link}/principals", {"principal": "210987654321", "type": "aws_account", "alias": "b"})
    subscription_active(sdk, sub)
    read = sdk.query(link)
    expect_types(read, {"status": str, "principals": list, "resourceConfigurationId": str, "shareArn": str,
                        "shareName": str, "connections": list, "databases": list, "subscriptionId": int})
    assert {p["principal"] for p in read["principals"]} == {"123456789012", "210987654321"}
    script = sdk.query(f"{link}/endpoint-script%3FincludeTerraformAwsScript=true")  # the SDK's escaped `?`
    assert script["terraformAwsScript"] and script["resourceEndpointScript"]
    sdk.run("DELETE", f"{link}/principals", {"principal": "210987654321"})
    sdk.run("DELETE", link)
    subscription_active(sdk, sub)


# ---------------------------------------------------------------- Transit Gateways


def test_transit_gateway_invitation_acceptor_and_attachment(sdk):
    sub = new_subscription(sdk, single_region("AWS", "us-east-1"))
    tgws = f"/subscriptions/{sub}/transitGateways"
    # resource "rediscloud_transit_gateway_invitation_acceptor": ListInvitations reads the completed task again
    [invitation] = sdk.run("GET", f"{tgws}/invitations")["response"]["resource"]["resources"]
    expect_types(invitation, {"id": int, "name": str, "resourceShareUid": str, "awsAccountId": str, "status": str,
                              "sharedDate": str})
    sdk.run("PUT", f"{tgws}/invitations/{invitation['id']}/accept")
    subscription_active(sdk, sub)
    assert sdk.run("GET", f"{tgws}/invitations")["response"]["resource"]["resources"][0]["status"] == "accepted"
    [gateway] = sdk.run("GET", tgws)["response"]["resource"]["tgws"]

    # resource "rediscloud_transit_gateway_attachment"
    assert sdk.create(f"{tgws}/{gateway['id']}/attachment", None) == gateway["id"]

    def attachment():  # WaitForTransitGatewayAttachmentToBeAvailable
        task = sdk.run("GET", tgws)
        found = next((t for t in task["response"]["resource"]["tgws"] if t["id"] == gateway["id"]), None)
        return (found, found["status"]) if found else (None, "pending")

    found = state_change(sdk, lambda: (lambda a: (a[0] or "pending", a[1]))(attachment()),
                         ["initiating-request", "pending", "pendingAcceptance", "modifying"], ["available"],
                         delay=10, poll_interval=30)
    expect_types(found, {"id": int, "awsTgwUid": str, "attachmentUid": str, "status": str, "attachmentStatus": str,
                         "awsAccountId": str, "cidrs": list})
    sdk.run("PUT", f"{tgws}/{gateway['id']}/attachment", {"cidrs": ["10.10.0.0/24"]})
    assert [c["cidrAddress"] for c in attachment()[0]["cidrs"]] == ["10.10.0.0/24"]
    sdk.run("DELETE", f"{tgws}/{gateway['id']}/attachment")
    assert "attachmentUid" not in attachment()[0]
