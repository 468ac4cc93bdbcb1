"""Auth, account isolation and synchronous errors: always JSON in the API's error shape."""
from __future__ import annotations

import json

import pytest

from conftest import AUTH, SUBSCRIPTION, Api
from mock_api import create_app


def error_of(response, status):
    assert response.status_code == status, response.data
    assert response.content_type == "application/json"
    body = response.get_json()
    assert body["status"] == status
    assert {"timestamp", "status", "error", "path"} <= set(body)
    return body


@pytest.mark.parametrize("headers", [
    {}, {"x-api-key": "k"}, {"x-api-secret-key": "s"}, {"x-api-key": "", "x-api-secret-key": "s"},
    {"x-api-key": "k", "x-api-secret-key": "  "},
])
@pytest.mark.parametrize("method, path", [("GET", "/tasks"), ("GET", "/tasks/x"), ("POST", "/subscriptions"),
                                          ("GET", "/subscriptions/1"), ("DELETE", "/subscriptions/1/databases/2")])
def test_missing_credentials_are_401_on_every_route(app, headers, method, path):
    body = error_of(app.test_client().open("/v1" + path, method=method, headers=headers), 401)
    assert body["error"] == "Unauthorized"
    assert "x-api-key" in body["message"]


def test_header_names_are_case_insensitive(app):
    response = app.test_client().get("/tasks", headers={"X-Api-Key": "k", "X-API-SECRET-KEY": "s"})
    assert response.status_code == 200


def test_each_key_pair_is_its_own_account(api):
    other = api.as_account("other-key", "other-secret")
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    sub_id = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]

    error_of(other.get(f"/tasks/{task_id}"), 404)
    error_of(other.get(f"/subscriptions/{sub_id}"), 404)
    assert other.get("/tasks").get_json() == {"tasks": []}
    assert other.get("/subscriptions").get_json()["subscriptions"] == []
    # same key, other secret: another account again
    assert api.as_account(AUTH["x-api-key"], "x").get("/tasks").get_json() == {"tasks": []}
    # and the first account still sees its own
    assert len(api.get("/tasks").get_json()["tasks"]) == 2
    mine, theirs = api.get("/subscriptions").get_json(), other.get("/subscriptions").get_json()
    assert mine["accountId"] != theirs["accountId"]


def test_accounts_from_config_refuse_any_other_pair(tmp_path):
    from mock_api.config import load_accounts

    accounts_file = tmp_path / "accounts.yaml"
    accounts_file.write_text("accounts:\n  - {key: alice, secret: s1, accountId: 42}\n  - {key: bob, secret: s2}\n")
    app = create_app(accounts=load_accounts(str(accounts_file)))
    client = app.test_client()
    alice = Api(client, {"x-api-key": "alice", "x-api-secret-key": "s1"})
    assert alice.get("/subscriptions").get_json()["accountId"] == 42
    assert Api(client, {"x-api-key": "bob", "x-api-secret-key": "s2"}).get("/tasks").status_code == 200
    error_of(Api(client, {"x-api-key": "alice", "x-api-secret-key": "wrong"}).get("/tasks"), 401)
    error_of(Api(client).get("/tasks"), 401)


def test_malformed_json_is_400(api):
    body = error_of(api.post("/subscriptions", data="{not json", content_type="application/json"), 400)
    assert body["error"] == "Bad Request"
    assert "not valid JSON" in body["message"]
    assert body["path"] == "/v1/subscriptions"


@pytest.mark.parametrize("payload", ["[]", '"text"', "42", "null"])
def test_a_body_that_is_not_an_object_is_400(api, payload):
    assert "JSON object" in error_of(api.post("/subscriptions", data=payload,
                                              content_type="application/json"), 400)["message"]


def test_non_utf8_body_is_400(api):
    error_of(api.post("/subscriptions", data=b"\xff\xfe{", content_type="application/json"), 400)


@pytest.mark.parametrize("payload, where", [
    ({"cloudProviders": [{"regions": [{"region": "us-east-1"}]}]}, "databases"),
    ({**SUBSCRIPTION, "paymentMethodId": "8240"}, "paymentMethodId"),
    ({**SUBSCRIPTION, "dryRun": "yes"}, "dryRun"),
    ({**SUBSCRIPTION, "memoryStorage": "disk"}, "memoryStorage"),
    ({**SUBSCRIPTION, "cloudProviders": [{"regions": [{}]}]}, "region"),
])
def test_wrong_types_and_missing_fields_are_400_naming_the_field(api, payload, where):
    assert where in error_of(api.post("/subscriptions", json=payload), 400)["message"]


def test_unknown_request_fields_and_nulls_are_ignored(api, subscription):
    assert api.post("/subscriptions", json={**SUBSCRIPTION, "futureField": {"x": 1}}).status_code == 202
    assert api.put(f"/subscriptions/{subscription}", json={"name": "n", "paymentMethodId": None}).status_code == 200


@pytest.mark.parametrize("path", ["/subscriptions/abc", "/subscriptions/-1", "/subscriptions/0",
                                  "/subscriptions/99999999999", "/subscriptions/1/databases/x"])
def test_ids_that_are_not_positive_integers_are_400(api, path):
    assert "positive integer" in error_of(api.get(path), 400)["message"]


def test_unknown_route_is_404_json(api):
    body = error_of(api.get("/no/such/thing"), 404)
    assert body["path"] == "/v1/no/such/thing"
    error_of(Api(api.client, headers={}).get("/nothing-here"), 404)  # also without credentials


def test_wrong_method_is_405_with_allow(api):
    response = api.delete("/tasks")
    error_of(response, 405)
    assert "GET" in response.headers["Allow"]


def test_oversize_body_is_413_and_loses_nothing(api):
    api.post("/subscriptions", json=SUBSCRIPTION)
    big = json.dumps({**SUBSCRIPTION, "name": "x" * (2 << 20)})
    body = error_of(api.post("/subscriptions", data=big, content_type="application/json"), 413)
    assert body["error"] == "Payload Too Large"
    assert len(api.get("/tasks").get_json()["tasks"]) == 1  # nothing lost, nothing added
    assert api.post("/subscriptions", json=SUBSCRIPTION).status_code == 202  # still serving


def test_every_2xx_and_error_is_json(api, subscription):
    responses = [
        api.get("/tasks"), api.get(f"/subscriptions/{subscription}"), api.get("/subscriptions"),
        api.delete(f"/subscriptions/{subscription}"), api.get("/nope"), api.post("/subscriptions", data="x"),
    ]
    for response in responses:
        assert response.content_type == "application/json"
        assert response.get_json() is not None
