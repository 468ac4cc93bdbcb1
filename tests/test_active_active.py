"""Active-Active over HTTP, in both link profiles: the flow of a subscription in two regions with a
CRDB (local properties changed in one region, a third region added, then deleted), flushing, VPC
peerings per region, the Active-Active backup, and the business rules of regions (unknown,
duplicated, the last one) and of deployment types."""
from __future__ import annotations

import pytest

from conftest import SUBSCRIPTION, Api, wait_for_status
from mock_api import create_app
from family_support import (AA_REGIONS, AA_SUBSCRIPTION, REGION_IDS, api, completed, error_of, finished, links_of,
                            new_subscription, throughput)

REGIONS = AA_REGIONS
IDS = REGION_IDS
CRDB = {"name": "crdb", "protocol": "redis", "datasetSizeInGb": 2, "dataPersistence": "none",
        "localThroughputMeasurement": [throughput("us-east-1", 1000), throughput("us-east-2", 2000)]}
__all__ = ["api"]  # the fixture, in both link profiles


@pytest.fixture
def aa_sub(api):
    return new_subscription(api, AA_SUBSCRIPTION)


def crdb_regions(api, path):
    return {entry["region"]: entry for entry in wait_for_status(api, path, "active")["crdbDatabases"]}


def test_the_active_active_flow_two_regions_a_crdb_local_properties_a_third_region_added_and_deleted(api, aa_sub):
    sub = f"/subscriptions/{aa_sub}"
    body = api.get(sub).get_json()
    assert body["deploymentType"] == "active-active"
    assert [r["region"] for r in body["cloudDetails"][0]["regions"]] == list(REGIONS)

    created = completed(api, api.post(f"{sub}/databases", json=CRDB), 202)
    assert created["commandType"] == "databaseCreateRequest"
    db = f"{sub}/databases/{created['response']['resourceId']}"
    crdb = wait_for_status(api, db, "active")
    assert crdb["activeActiveRedis"] is True and crdb["replication"] is True
    assert (crdb["globalDataPersistence"], crdb["globalSourceIp"]) == ("none", ["0.0.0.0/0"])
    regions = crdb_regions(api, db)
    assert list(regions) == list(REGIONS)
    assert (regions["us-east-2"]["readOperationsPerSecond"], regions["us-east-2"]["datasetSizeInGb"]) == (2000, 2.0)
    assert regions["us-east-1"]["publicEndpoint"] != regions["us-east-2"]["publicEndpoint"]

    # one region's local properties change; the other's stay
    changed = finished(api, api.put(f"{db}/regions", json={"regions": [{
        "region": "us-east-2", "localThroughputMeasurement": {"readOperationsPerSecond": 3000,
                                                              "writeOperationsPerSecond": 1500},
        "dataPersistence": "aof-every-1-second", "alerts": [{"name": "dataset-size", "value": 85}]}]}), 200)
    assert (changed["status"], changed["commandType"]) == ("processing-completed", "databaseUpdateRequest")
    assert api.get(db).get_json()["status"] == "active-change-pending"  # the default profile: one read
    regions = crdb_regions(api, db)
    assert (regions["us-east-2"]["readOperationsPerSecond"], regions["us-east-2"]["writeOperationsPerSecond"],
            regions["us-east-2"]["dataPersistence"]) == (3000, 1500, "aof-every-1-second")
    assert regions["us-east-2"]["alerts"] == [{"name": "dataset-size", "value": 85}]
    assert (regions["us-east-1"]["readOperationsPerSecond"], regions["us-east-1"]["dataPersistence"]) == (1000, "none")
    by_region = {r["region"]: r for r in api.get(f"{sub}/regions").get_json()["regions"]}
    assert by_region["us-east-2"]["regionId"] == IDS["us-east-2"]
    local = {d["databaseName"]: d["readOperationsPerSecond"] for d in by_region["us-east-2"]["databases"]}
    assert local == {"plan-db": 1000, "crdb": 3000}

    # a third region: a task that moves the subscription; each CRDB gets an entry there
    added = completed(api, api.post(f"{sub}/regions", json={
        "region": "us-west-2", "deploymentCIDR": "10.0.2.0/24",
        "databases": [{"name": name, "localThroughputMeasurement": throughput("us-west-2", 500)}
                      for name in ("plan-db", "crdb")]}), 200)
    assert added["commandType"] == "activeActiveRegionCreateRequest"
    assert added["response"]["resourceId"] == aa_sub and links_of(added) == ["resource", "self"]
    assert api.get(sub).get_json()["status"] == "pending"
    wait_for_status(api, sub, "active")
    listed = api.get(f"{sub}/regions").get_json()["regions"]
    assert [(r["region"], r["regionId"], r["deploymentCidr"]) for r in listed][-1] == ("us-west-2", 3, "10.0.2.0/24")
    assert crdb_regions(api, db)["us-west-2"]["readOperationsPerSecond"] == 500

    # and it goes again
    deleted = completed(api, api.delete(f"{sub}/regions", json={"regions": [{"region": "us-west-2"}]}), 200)
    assert deleted["commandType"] == "activeActiveRegionDeleteRequest"
    wait_for_status(api, sub, "active")
    assert [r["region"] for r in api.get(f"{sub}/regions").get_json()["regions"]] == list(REGIONS)
    assert list(crdb_regions(api, db)) == list(REGIONS)


def test_region_rules_unknown_duplicated_and_the_last_one(api, aa_sub):
    sub = f"/subscriptions/{aa_sub}"
    spec = [{"name": "plan-db", "localThroughputMeasurement": throughput("eu-west-1")}]
    assert error_of(api, api.post(f"{sub}/regions", json={"region": "mars-1", "databases": spec}), 200) == \
        ("ACTIVE_ACTIVE_INVALID_CREATE_REGION_NAME", "400 BAD_REQUEST")
    assert error_of(api, api.post(f"{sub}/regions", json={"region": "us-east-2", "databases": spec}), 200)[0] == \
        "ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE"
    assert error_of(api, api.post(f"{sub}/regions", json={"region": "eu-west-1"}), 200)[0] == \
        "ACTIVE_ACTIVE_CREATE_A_REGION_MUST_CONTAIN_DATABASE_SPEC_TO_ALL_CRDBS_IN_SUBSCRIPTION"
    assert error_of(api, api.delete(f"{sub}/regions", json={"regions": [{"region": "eu-west-1"}]}), 200)[0] == \
        "ACTIVE_ACTIVE_INVALID_DELETE_REGION_NAME"
    assert error_of(api, api.delete(f"{sub}/regions", json={"regions": [{"region": "us-east-2"}] * 2}), 200)[0] == \
        "ACTIVE_ACTIVE_DELETE_REGIONS_MUST_BE_DEFINED_ONCE"
    everything = {"regions": [{"region": name} for name in REGIONS]}
    assert error_of(api, api.delete(f"{sub}/regions", json=everything), 200)[0] == \
        "ACTIVE_ACTIVE_DELETE_SUBSCRIPTION_MUST_BE_DEPLOYED_IN_AT_LEAST_ONE_REGION"
    assert [r["region"] for r in api.get(f"{sub}/regions").get_json()["regions"]] == list(REGIONS)  # unchanged
    db = api.get(f"{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    bad = {"regions": [{"region": "eu-west-1", "dataPersistence": "none"}]}
    assert error_of(api, api.put(f"{sub}/databases/{db}/regions", json=bad), 200)[0] == \
        "ACTIVE_ACTIVE_MISMATCH_BETWEEN_REQUEST_REGIONS_AND_SUBSCRIPTION_REGIONS"
    assert error_of(api, api.put(f"{sub}/databases/{db}", json={"name": "x"}), 200)[0] == \
        "UPDATING_SINGLE_REGION_DATABASE_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"
    duplicated = {**AA_SUBSCRIPTION, "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}] * 2}]}
    assert error_of(api, api.post("/subscriptions", json=duplicated), 202)[0] == \
        "ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE"


def test_active_active_routes_refuse_a_single_region_subscription(api, subscription):
    sub = f"/subscriptions/{subscription}"
    db = api.get(f"{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    for response, wanted in (
            (api.post(f"{sub}/regions", json={"region": "us-east-2"}),
             "ADDING_REGION_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"),
            (api.delete(f"{sub}/regions", json={"regions": [{"region": "us-east-1"}]}),
             "DELETING_REGION_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"),
            (api.put(f"{sub}/databases/{db}/regions", json={}),
             "UPDATING_LOCAL_PROPERTIES_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"),
            (api.put(f"{sub}/databases/{db}/flush", json={}), "CRDB_FLUSH_ACTION_NOT_ALLOWED_WITH_SINGLE_REGION_"
                                                              "SUBSCRIPTION"),
            (api.get(f"{sub}/regions/peerings"), "GETTING_ACTIVE_ACTIVE_SUBSCRIPTION_VPC_PEERINGS_IS_NOT_ALLOWED_WITH_"
                                                 "SINGLE_REGION_SUBSCRIPTION")):
        assert error_of(api, response, 200) == (wanted, "400 BAD_REQUEST")


def test_flush_is_a_task_of_its_own(api, aa_sub):
    db = api.get(f"/subscriptions/{aa_sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    done = completed(api, api.put(f"/subscriptions/{aa_sub}/databases/{db}/flush", json={}), 200)
    assert done["commandType"] == "crdbFlushRequest"
    assert (done["response"]["resourceId"], done["response"]["additionalResourceId"]) == (db, aa_sub)
    assert error_of(api, api.put(f"/subscriptions/{aa_sub}/databases/424242/flush", json={}), 200) == \
        ("DATABASE_NOT_FOUND", "404 NOT_FOUND")


def test_vpc_peerings_per_region(api, aa_sub):
    sub = f"/subscriptions/{aa_sub}"
    peering = {"provider": "AWS", "sourceRegion": "us-east-2", "destinationRegion": "us-east-1",
               "awsAccountId": "123456789012", "vpcId": "vpc-aa", "vpcCidrs": ["172.31.0.0/16"]}
    created = completed(api, api.post(f"{sub}/regions/peerings/", json=peering), 200)  # the Go SDK's trailing slash
    assert created["commandType"] == "activeActiveVpcPeeringCreateRequest"
    peering_id = created["response"]["resourceId"]

    def listed():
        found = completed(api, api.get(f"{sub}/regions/peerings/"), 200)
        assert found["commandType"] == "activeActiveVpcPeeringGetRequest"
        return {region["region"]: region for region in found["response"]["resource"]["regions"]}

    regions = listed()
    assert (regions["us-east-2"]["id"], regions["us-east-1"]["vpcPeerings"]) == (IDS["us-east-2"], [])
    [seen] = regions["us-east-2"]["vpcPeerings"]
    assert (seen["id"], seen["regionName"], seen["vpcUid"], seen["status"]) == \
        (peering_id, "us-east-1", "vpc-aa", "pending-acceptance")
    assert listed()["us-east-2"]["vpcPeerings"][0]["status"] == "active"
    completed(api, api.put(f"{sub}/regions/peerings/{peering_id}", json={"vpcCidrs": ["172.31.0.0/16", "10.8.0.0/16"]}), 200)
    [seen] = listed()["us-east-2"]["vpcPeerings"]
    assert [c["vpcCidr"] for c in seen["vpcCidrs"]] == ["172.31.0.0/16", "10.8.0.0/16"]
    completed(api, api.delete(f"{sub}/regions/peerings/{peering_id}"), 200)
    assert listed()["us-east-2"]["vpcPeerings"][0]["status"] == "deleting"
    assert listed()["us-east-2"]["vpcPeerings"] == []
    assert error_of(api, api.delete(f"{sub}/regions/peerings/{peering_id}"), 200) == \
        ("ACTIVE_ACTIVE_VPC_PEERING_NOT_FOUND", "404 NOT_FOUND")
    assert error_of(api, api.post(f"{sub}/regions/peerings", json={**peering, "sourceRegion": "eu-west-1"}), 200)[0] == \
        "ACTIVE_ACTIVE_VPC_PEERING_INVALID_SOURCE_REGION_NAME"
    single = {"region": "us-east-1", "awsAccountId": "1", "vpcId": "vpc-1", "vpcCidr": "10.9.0.0/16"}
    assert error_of(api, api.post(f"{sub}/peerings", json=single), 202)[0] == \
        "CREATING_A_SINGLE_REGION_VPC_PEERING_IS_NOT_ALLOWED_WITH_ACTIVE_ACTIVE_SUBSCRIPTION"


def test_backups_of_an_active_active_database_name_a_region(api, aa_sub, subscription):
    db_path = f"/subscriptions/{aa_sub}/databases/" + str(
        api.get(f"/subscriptions/{aa_sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"])
    assert error_of(api, api.post(f"{db_path}/backup", json={"adhocBackupPath": "s3://b"}), 200)[0] == \
        "ACTIVE_ACTIVE_BACKUP_MISSING_REGION_NAME"
    assert error_of(api, api.post(f"{db_path}/backup", json={"regionName": "eu-west-1"}), 200)[0] == \
        "ACTIVE_ACTIVE_INVALID_BACKUP_REGION_NAME"
    assert error_of(api, api.post(f"{db_path}/backup", json={"regionName": "us-east-2"}), 200)[0] == \
        "DATABASE_BACKUP_DISABLED"
    completed(api, api.post(f"{db_path}/backup", json={"regionName": "us-east-2", "adhocBackupPath": "s3://b"}), 200)
    status = completed(api, api.get(f"{db_path}/backup?regionName=us-east-2"), 200)["response"]["resource"]
    assert (status["status"], status["backupPath"]) == ("success", "s3://b")
    assert completed(api, api.get(f"{db_path}/backup?regionName=us-east-1"), 200)["response"]["resource"] == {}
    assert error_of(api, api.get(f"{db_path}/backup"), 200)[0] == "ACTIVE_ACTIVE_BACKUP_STATUS_MISSING_REGION_NAME"
    single = f"/subscriptions/{subscription}/databases/" + str(
        api.get(f"/subscriptions/{subscription}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"])
    assert error_of(api, api.post(f"{single}/backup", json={"regionName": "us-east-1", "adhocBackupPath": "s3://b"}), 200) \
        [0] == "BACKUP_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"
    assert error_of(api, api.get(f"{single}/backup?regionName=us-east-1"), 200)[0] == \
        "BACKUP_STATUS_REGION_NAME_IS_NOT_ALLOWED_WITH_SINGLE_REGION_SUBSCRIPTION"


def test_a_crdb_in_a_listing_hides_its_global_password(api, aa_sub):
    listed = api.get(f"/subscriptions/{aa_sub}/databases").get_json()["subscription"][0]["databases"][0]
    assert "globalPassword" not in listed and listed["crdbDatabases"]
    alone = wait_for_status(api, f"/subscriptions/{aa_sub}/databases/{listed['databaseId']}", "active")
    assert len(alone["globalPassword"]) == 32


def test_a_subscription_refuses_unknown_regions_and_throughputs_of_other_regions(api, aa_sub):
    unknown = {**AA_SUBSCRIPTION, "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"},
                                                                                      {"region": "atlantis-1"}]}]}
    assert error_of(api, api.post("/subscriptions", json=unknown), 202)[0] == "SUBSCRIPTION_INVALID_REGION_NAME"
    elsewhere = {**CRDB, "localThroughputMeasurement": [throughput("eu-west-1")]}
    assert error_of(api, api.post(f"/subscriptions/{aa_sub}/databases", json=elsewhere), 202)[0] == \
        "MISSING_REGIONS_BETWEEN_LOCAL_THROUGHPUT_MEASUREMENTS_AND_SUBSCRIPTION_REGIONS"
    twice = {**CRDB, "localThroughputMeasurement": [throughput("us-east-1")] * 2}
    assert error_of(api, api.post(f"/subscriptions/{aa_sub}/databases", json=twice), 202)[0] == \
        "CRDB_ACTIVE_ACTIVE_REGIONS_MUST_BE_DEFINED_ONCE"


def test_a_plain_subscription_is_unchanged(api):
    sub = completed(api, api.post("/subscriptions", json=SUBSCRIPTION), 202)["response"]["resourceId"]
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]
    assert "activeActiveRedis" not in db and "crdbDatabases" not in db and db["datasetSizeInGb"] == 1.0


def test_a_snapshot_keeps_every_family_as_it_stands(api, aa_sub):
    """Export, import into a new server, export again: the same document; the CRDB, the region's
    invitation and its settled timeline all come back."""
    secret = {**CRDB, "password": "Str0ng!Passw0rd"}
    db = completed(api, api.post(f"/subscriptions/{aa_sub}/databases", json=secret), 202)["response"]["resourceId"]
    region = f"/subscriptions/{aa_sub}/regions/{IDS['us-east-1']}/transitGateways/invitations"
    [invitation] = completed(api, api.get(region), 200)["response"]["resource"]["resources"]
    snapshot = api.client.get("/_mock/state").get_json()
    assert "Str0ng" not in str(snapshot)  # no password in clear (the CRDB's global password)
    other = Api(create_app().test_client())
    assert other.client.put("/_mock/state", json=snapshot).status_code == 200
    again = other.client.get("/_mock/state").get_json()
    assert {**again, "now": None} == {**snapshot, "now": None}  # the same but for the time of the export
    crdb = wait_for_status(other, f"/subscriptions/{aa_sub}/databases/{db}", "active")
    assert [entry["region"] for entry in crdb["crdbDatabases"]] == list(REGIONS)
    assert completed(other, other.get(region), 200)["response"]["resource"]["resources"] == [invitation]
