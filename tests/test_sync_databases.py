"""Synchronous operations on subscriptions and databases over HTTP, in both link profiles: database
tags (Pro and Essentials), pricing, regions, versions and upgrade status, certificate, slow log."""
from __future__ import annotations

import ssl

import pytest

from conftest import SUBSCRIPTION, Api, wait_for_status
from mock_api import create_app


@pytest.fixture(params=["hal", "v1"])
def api(request):
    return Api(create_app(links=request.param).test_client())


@pytest.fixture
def pro_db(api):
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    wait_for_status(api, f"/subscriptions/{sub}", "active")
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    return f"/subscriptions/{sub}/databases/{db}"


@pytest.fixture
def fixed_db(api):
    sub = api.run_task(api.post("/fixed/subscriptions", json={"name": "f", "planId": 34858}))["response"]["resourceId"]
    wait_for_status(api, f"/fixed/subscriptions/{sub}", "active")
    db = api.run_task(api.post(f"/fixed/subscriptions/{sub}/databases", json={"name": "fd"}))["response"]
    return f"/fixed/subscriptions/{sub}/databases/{db['resourceId']}"


def links_only(body):
    return set(body) <= {"links", "_links"} and body


@pytest.mark.parametrize("database", ["pro_db", "fixed_db"])
def test_tags_are_stored_with_the_database(api, database, request):
    path = request.getfixturevalue(database) + "/tags"
    assert links_only(api.get(path).get_json())  # never tagged: the links alone, as captured
    put = api.put(path, json={"tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "cache"}]})
    assert put.status_code == 200
    body = put.get_json()
    assert [(t["key"], t["value"]) for t in body["tags"]] == [("env", "prod"), ("team", "cache")]
    assert body["accountId"] == api.get("/").get_json()["account"]["id"]
    assert all(t["links"] == [] and t["createdAt"].endswith("Z") for t in body["tags"])
    assert api.get(path).get_json()["tags"] == body["tags"]

    created = api.post(path, json={"key": "owner", "value": "me"})
    assert created.status_code == 200 and created.get_json()["key"] == "owner"
    assert api.post(path, json={"key": "owner", "value": "you"}).status_code == 409
    updated = api.put(f"{path}/owner", json={"value": "you"}).get_json()
    assert (updated["value"], updated["createdAt"]) == ("you", created.get_json()["createdAt"])
    assert api.delete(f"{path}/env").get_json() == {}
    assert [t["key"] for t in api.get(path).get_json()["tags"]] == ["team", "owner"]
    assert api.put(f"{path}/env", json={"value": "x"}).status_code == 404
    assert api.delete(f"{path}/env").status_code == 404

    assert api.put(path, json={"tags": []}).get_json()["tags"] == []  # emptied: `tags: []`, as captured
    refused = api.put(path, json={"tags": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]})
    assert refused.status_code == 400 and refused.get_json()["message"].startswith("Bad Request: JSON parameter")
    assert api.get(path).get_json()["tags"] == []  # a refused request changes nothing
    assert api.post(path, json={"key": "only-a-key"}).status_code == 400  # value is required (official schema)


def test_tags_of_a_missing_or_foreign_database_are_404(api, pro_db):
    sub = pro_db.split("/")[2]
    assert api.get(f"/subscriptions/{sub}/databases/4242/tags").status_code == 404
    assert api.get(f"/subscriptions/4242/databases/{pro_db.rsplit('/', 1)[1]}/tags").status_code == 404
    assert api.as_account("other", "x").get(f"{pro_db}/tags").status_code == 404


def test_tags_go_with_their_database(api, pro_db):
    api.put(f"{pro_db}/tags", json={"tags": [{"key": "k", "value": "v"}]})
    api.run_task(api.put(pro_db, json={"name": "renamed"}))
    assert api.get(f"{pro_db}/tags").get_json()["tags"][0]["key"] == "k"  # an update keeps them
    api.run_task(api.delete(pro_db))
    api.get(pro_db)
    assert api.get(pro_db).status_code == 404
    assert api.get(f"{pro_db}/tags").status_code == 404


def test_subscription_pricing_and_regions(api, pro_db):
    sub = "/" + "/".join(pro_db.split("/")[1:3])
    subscription = api.get(sub).get_json()
    pricing = api.get(f"{sub}/pricing").get_json()["pricing"]
    assert [{k: v for k, v in line.items() if k != "region"} for line in pricing] == subscription["subscriptionPricing"]
    assert {line["region"] for line in pricing} == {"us-east-1"}
    regions = api.get(f"{sub}/regions").get_json()
    [region] = regions["regions"]
    assert (regions["subscriptionId"], region["region"], region["regionId"]) == (subscription["id"], "us-east-1", 1)
    assert region["deploymentCidr"] == "10.0.0.0/24"
    assert [db["databaseId"] for db in region["databases"]] == [int(pro_db.rsplit("/", 1)[1])]
    assert api.get("/subscriptions/4242/pricing").status_code == 404


@pytest.mark.parametrize("database", ["pro_db", "fixed_db"])
def test_versions_and_upgrade_status(api, database, request):
    path = request.getfixturevalue(database)
    assert api.get(f"{path}/available-target-versions").get_json()["targets"] == [{"redisVersion": "8.0"}]
    before = api.get(f"{path}/upgrade").get_json()
    assert (before["targetRedisVersion"], before["upgradeStatus"], before["progress"]) == ("7.4", "done", 100.0)
    api.run_task(api.post(f"{path}/upgrade", json={"targetRedisVersion": "8.0"}))
    during = api.get(f"{path}/upgrade").get_json()
    assert (during["targetRedisVersion"], during["upgradeStatus"]) == ("8.0", "in-progress")
    wait_for_status(api, path, "active")
    assert api.get(f"{path}/upgrade").get_json()["upgradeStatus"] == "done"
    assert api.get(f"{path}/available-target-versions").get_json()["targets"] == []


def test_certificate_is_a_real_pem_certificate(api, pro_db):
    pem = api.get(f"{pro_db}/certificate").get_json()["publicCertificatePEMString"]
    assert len(ssl.PEM_cert_to_DER_cert(pem)) > 100


@pytest.mark.parametrize("database", ["pro_db", "fixed_db"])
def test_slow_log_is_empty_and_its_region_filter_bounded(api, database, request):
    path = request.getfixturevalue(database)
    assert api.get(f"{path}/slow-log").get_json()["entries"] == []
    if database == "pro_db":
        assert api.get(f"{path}/slow-log?regionName=us-east-1").get_json()["entries"] == []
        assert api.get(f"{path}/slow-log?regionName=" + "x" * 300).status_code == 400
