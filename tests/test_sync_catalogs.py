"""Account-level synchronous operations over HTTP, in both link profiles: the catalogs and their
query filters, as the official spec documents them and the SDK decodes them."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from conftest import Api
from go_sdk import GoSdk
from mock_api import create_app


@pytest.fixture(params=["hal", "v1"])
def api(request):
    return Api(create_app(links=request.param).test_client())


def self_href(body):
    return body["links"][0]["href"] if "links" in body else body["_links"]["self"]["href"]


def test_payment_methods_end_with_an_integer_as_the_sdk_decodes_them(api):
    [method] = api.get("/payment-methods").get_json()["paymentMethods"]
    assert type(method["creditCardEndsWith"]) is int
    assert type(method["expirationMonth"]) is int and type(method["expirationYear"]) is int


def test_regions_filtered_by_provider(api):
    everything = api.get("/regions").get_json()["regions"]
    gcp = api.get("/regions?provider=GCP").get_json()["regions"]
    assert {r["provider"] for r in everything} == {"AWS", "GCP"}
    assert gcp == [r for r in everything if r["provider"] == "GCP"] and gcp
    assert {"id": 1, "name": "us-east-1", "provider": "AWS"} in everything
    bad = api.get("/regions?provider=azure")
    assert bad.status_code == 400 and "provider" in bad.get_json()["message"]


def test_fixed_plans_filtered_by_provider_and_redis_flex(api):
    aws = api.get("/fixed/plans?provider=AWS").get_json()
    assert aws["plans"] and {p["provider"] for p in aws["plans"]} == {"AWS"}
    assert self_href(aws).endswith("/v1/fixed/plans?provider=AWS")  # the self link keeps the query
    gcp = api.get("/fixed/plans?provider=GCP").get_json()["plans"]
    assert gcp and {p["provider"] for p in gcp} == {"GCP"}
    assert api.get("/fixed/plans?provider=AZURE").get_json()["plans"] == []
    flex = api.get("/fixed/plans?redisFlex=true").get_json()["plans"]
    assert flex and all(p["redisFlex"] for p in flex)
    assert not any(p["redisFlex"] for p in api.get("/fixed/plans?redisFlex=false").get_json()["plans"])
    assert type(aws["plans"][0]["price"]) is int  # the SDK's model: an int
    assert api.get("/fixed/plans?redisFlex=maybe").status_code == 400


def test_one_fixed_plan_and_the_plans_of_a_subscription(api):
    plan = api.get("/fixed/plans/34858").get_json()
    assert (plan["id"], plan["name"], plan["size"], plan["price"]) == (34858, "250MB", 250, 5)
    assert self_href(plan).endswith("/v1/fixed/plans/34858")
    missing = api.get("/fixed/plans/1")
    assert missing.status_code == 404 and set(missing.get_json()) == {"timestamp", "status", "error", "path"}
    sub = api.run_task(api.post("/fixed/subscriptions", json={"name": "f", "planId": 98181}))["response"]["resourceId"]
    compatible = api.get(f"/fixed/plans/subscriptions/{sub}").get_json()["plans"]
    assert 98181 in [p["id"] for p in compatible] and 99001 not in [p["id"] for p in compatible]
    assert {(p["provider"], p["region"]) for p in compatible} == {("AWS", "us-east-1")}
    assert api.get("/fixed/plans/subscriptions/4242").status_code == 404


def test_redis_versions_in_both_forms_and_the_sdks_escaped_path(api):
    versions = api.get("/subscriptions/redis-versions").get_json()["redisVersions"]
    assert [v["version"] for v in versions if v["isDefault"]] == ["7.4"]
    assert {"version": "6.2", "isPreview": False, "isDefault": False} in versions
    sub = api.run_task(api.post("/subscriptions", json={
        "name": "s", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "db", "protocol": "redis"}]}))["response"]["resourceId"]
    assert api.get(f"/subscriptions/redis-versions?subscriptionId={sub}").get_json()["redisVersions"] == versions
    escaped = api.get(f"/subscriptions/redis-versions%3FsubscriptionId={sub}")  # GetRedisVersions sends this
    assert escaped.status_code == 200 and escaped.get_json()["redisVersions"] == versions
    assert api.get("/subscriptions/redis-versions?subscriptionId=4242").status_code == 404
    assert api.get("/subscriptions/redis-versions%3FsubscriptionId=4242").status_code == 404
    assert api.get("/subscriptions/redis-versions?subscriptionId=x").status_code == 400
    assert api.get("/subscriptions/redis-versions%3FsubscriptionId=x").status_code == 400


def test_fixed_redis_versions_need_an_essentials_subscription(api):
    assert api.get("/fixed/redis-versions").status_code == 400  # subscriptionId is required
    sub = api.run_task(api.post("/fixed/subscriptions", json={"name": "f", "planId": 34858}))["response"]["resourceId"]
    assert api.get(f"/fixed/redis-versions?subscriptionId={sub}").get_json()["redisVersions"]
    assert api.get("/fixed/redis-versions?subscriptionId=4242").status_code == 404


def test_data_persistence_modules_and_query_performance_factors(api):
    persistence = api.get("/data-persistence").get_json()["dataPersistence"]
    assert {"name": "aof-every-1-second", "description": "Append only file (AOF) - fsync every 1 second"} in persistence
    modules = {m["name"]: m for m in api.get("/database-modules").get_json()["modules"]}
    assert set(modules) == {"RedisBloom", "RedisJSON", "RediSearch", "RedisTimeSeries"}
    assert modules["RediSearch"]["parameters"][0]["name"] == "number-of-documents"
    assert api.get("/query-performance-factors").get_json()["queryPerformanceFactors"][:2] == ["Standard", "2x"]


def test_the_account_lists_its_owner_and_member_and_no_one_elses(api):
    users = api.get("/users").get_json()
    assert set(users) >= {"account", "users"} and users["account"] == api.get("/").get_json()["account"]["id"]
    owner, member = users["users"]
    assert (owner["role"], member["role"]) == ("Owner", "Member") and "status" not in owner
    assert owner["hasApiKey"] and not member["hasApiKey"]
    assert api.get(f"/users/{owner['id']}").get_json()["email"] == owner["email"]
    other = api.as_account("other", "secret")
    assert other.get(f"/users/{owner['id']}").status_code == 404
    assert other.get("/users").get_json()["users"][0]["id"] != owner["id"]


def test_the_escaped_redis_versions_path_on_a_live_server(mock_api_live):
    """Waitress decodes %3F in the path, as the Go SDK's GetRedisVersions sends it; the route answers."""
    sub = GoSdk(mock_api_live).create("/subscriptions", {
        "name": "s", "cloudProviders": [{"regions": [{"region": "us-east-1"}]}],
        "databases": [{"name": "db", "protocol": "redis"}]})
    where = urlsplit(mock_api_live.url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    try:
        answers = []
        for sub_id in (sub, 4242):
            connection.request("GET", f"/v1/subscriptions/redis-versions%3FsubscriptionId={sub_id}",
                               headers=mock_api_live.headers)
            response = connection.getresponse()
            answers.append((response.status, json.loads(response.read())))
    finally:
        connection.close()
    assert answers[0][0] == 200 and [v["version"] for v in answers[0][1]["redisVersions"]][-2:] == ["7.4", "8.0"]
    assert answers[1][0] == 404
