"""Bounded, seeded attacks on the server: many threads at once on a live server, every route
without / with wrong / with another account's keys, and oversize bodies on every route."""
from __future__ import annotations

import json
import random
import threading
import urllib.error
import urllib.request

import pytest

from conftest import SUBSCRIPTION, Api
from mock_api import create_app
from mock_api.kinds import KINDS
from mock_api.operations import OPERATIONS, Action
from mock_api.testing import LiveServer, MockApi

ORDER = ["initialized", "received", "processing-in-progress", "processing-completed", "processing-error"]
THREADS, TASKS_PER_THREAD = 12, 10  # more client threads than the server has workers (8)


def http(url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={**(headers or {}), "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_many_threads_creating_and_polling_lose_nothing(tmp_path):
    """THREADS x TASKS_PER_THREAD tasks, two accounts, a time-and-poll scenario: no 5xx, no lost
    task, no status going back, and each account's list holds exactly its own tasks."""
    scenario = tmp_path / "mixed.yaml"
    scenario.write_text("scenarios:\n  - name: mixed\n    match: {commandType: subscriptionCreateRequest}\n"
                        "    steps: [{status: initialized, polls: 1}, {status: received, polls: 2},"
                        " {status: processing-in-progress, polls: 2}]\n    outcome: completed\n")
    server = LiveServer(create_app(scenarios=[str(scenario)], seed=3)).start()
    accounts = [{"x-api-key": f"acct-{n}", "x-api-secret-key": "s"} for n in range(2)]
    created = {0: [], 1: []}
    problems = []

    def worker(index):
        rng = random.Random(index)
        headers = accounts[index % 2]
        for _ in range(TASKS_PER_THREAD):
            status, task = http(server.v1_url + "/subscriptions", "POST", SUBSCRIPTION, headers)
            if status != 202:
                problems.append(f"create answered {status}: {task}")
                continue
            created[index % 2].append(task["taskId"])
            seen = [ORDER.index(task["status"])]
            while ORDER[seen[-1]] not in ("processing-completed", "processing-error"):
                if rng.random() < 0.2:
                    http(server.v1_url + "/tasks", headers=headers)  # listings mixed in
                status, body = http(f"{server.v1_url}/tasks/{task['taskId']}", headers=headers)
                if status != 200:
                    problems.append(f"poll answered {status}: {body}")
                    break
                seen.append(ORDER.index(body["status"]))
                if len(seen) > 50:
                    problems.append(f"task {task['taskId']} never finished: {seen}")
                    break
            if seen != sorted(seen):
                problems.append(f"status went back: {seen}")

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "workers did not finish in time"
        assert problems == []
        for index, headers in enumerate(accounts):
            listed = http(server.v1_url + "/tasks", headers=headers)[1]["tasks"]
            assert sorted(t["taskId"] for t in listed) == sorted(created[index])
            assert len(listed) == THREADS // 2 * TASKS_PER_THREAD
            assert {t["status"] for t in listed} == {"processing-completed"}
            stamps = [t["timestamp"] for t in listed]
            assert stamps == sorted(stamps, reverse=True)
            subscriptions = http(server.v1_url + "/subscriptions", headers=headers)[1]["subscriptions"]
            assert len(subscriptions) == len(created[index])  # every completed create made its resource
    finally:
        server.stop()


# ---------------------------------------------------------------- auth matrix over every route


def concrete(path, ids):
    return path.format(**ids)


@pytest.fixture(scope="module")
def owned():
    """An app where account A owns one resource of each kind; ids to fill every path."""
    app = create_app(profile="instant")
    api = Api(app.test_client(), {"x-api-key": "owner", "x-api-secret-key": "owner-secret"})
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    fixed = api.run_task(api.post("/fixed/subscriptions", json={"name": "f", "planId": 34858}))["response"]["resourceId"]
    fixed_db = api.run_task(api.post(f"/fixed/subscriptions/{fixed}/databases", json={"name": "fd"}))
    peering = api.run_task(api.post(f"/subscriptions/{sub}/peerings", json={
        "provider": "AWS", "region": "us-east-1", "awsAccountId": "1", "vpcId": "vpc-1", "vpcCidr": "10.9.0.0/16"}))
    user_role = api.run_task(api.post("/acl/roles", json={"name": "r", "redisRules": [
        {"ruleName": "Read-Only", "databases": [{"subscriptionId": sub, "databaseId": db}]}]}))
    rule = api.run_task(api.post("/acl/redisRules", json={"name": "mine", "redisRule": "+@read ~*"}))
    user = api.run_task(api.post("/acl/users", json={"name": "u", "role": "r", "password": "Str0ng!Passw0rd"}))
    cloud = api.run_task(api.post("/cloud-accounts", json={"name": "c", "accessKeyId": "AK", "accessSecretKey": "s",
                                                           "consoleUsername": "u", "consolePassword": "p",
                                                           "signInLoginUrl": "https://x"}))
    report = api.run_task(api.post("/cost-report", json={"startDate": "2025-01-01", "endDate": "2025-01-31"}))
    fixed_db_id = fixed_db["response"]["resourceId"]
    for path in (f"/subscriptions/{sub}/databases/{db}", f"/fixed/subscriptions/{fixed}/databases/{fixed_db_id}"):
        assert api.post(f"{path}/tags", json={"key": "team", "value": "cache"}).status_code == 200
    redirection = api.post("/endpoint-redirections", json={"sourceDatabaseId": db, "targetDatabaseId": fixed_db_id,
                                                           "endpointTargetType": "public", "migrationProtection": True})
    connectivity = _connectivity_ids(api, sub)
    shared = {"planId": 34858, "userId": api.get("/users").get_json()["users"][1]["id"], "tagKey": "team",
              "redirectionId": redirection.get_json()["redirectionId"],
              "costReportId": report["response"]["resource"]["costReportId"]}
    ids = {"subscriptionId": sub, "databaseId": db, "peeringId": peering["response"]["resourceId"],
           "aclRoleId": user_role["response"]["resourceId"], "aclUserId": user["response"]["resourceId"],
           "aclRedisRuleId": rule["response"]["resourceId"], "cloudAccountId": cloud["response"]["resourceId"],
           **connectivity, **shared}
    fixed_ids = {"subscriptionId": fixed, "databaseId": fixed_db_id, **shared}
    return app, ids, fixed_ids


def _connectivity_ids(api, sub):
    """A Transit Gateway shared with the subscription (accepted), and a GCP subscription's PSC service and
    endpoint: their ids fill the paths of those families (the region: the catalog's us-east-1)."""
    invitation = api.run_task(api.get(f"/subscriptions/{sub}/transitGateways/invitations"))
    invitation_id = invitation["response"]["resource"]["resources"][0]["id"]
    api.run_task(api.put(f"/subscriptions/{sub}/transitGateways/invitations/{invitation_id}/accept"))
    tgw = api.run_task(api.get(f"/subscriptions/{sub}/transitGateways"))["response"]["resource"]["tgws"][0]["id"]
    gcp = api.run_task(api.post("/subscriptions", json={**SUBSCRIPTION, "cloudProviders": [
        {"provider": "GCP", "regions": [{"region": "us-central1"}]}]}))["response"]["resourceId"]
    service = api.run_task(api.post(f"/subscriptions/{gcp}/private-service-connect"))["response"]["resourceId"]
    endpoint = api.run_task(api.post(f"/subscriptions/{gcp}/private-service-connect/{service}", json={
        "gcpProjectId": "p", "gcpVpcName": "v", "gcpVpcSubnetName": "s", "endpointConnectionName": "e"}))
    return {"regionId": 1, "tgwInvitationId": invitation_id, "TgwId": tgw, "pscServiceId": service,
            "endpointId": endpoint["response"]["resourceId"]}


def path_ids(op, owned):
    _, ids, fixed_ids = owned
    return fixed_ids if op.path.startswith("/fixed/subscriptions/") else ids


ROUTES = [pytest.param(op, id=f"{op.method} {op.path}") for op in OPERATIONS]


@pytest.mark.parametrize("op", ROUTES)
@pytest.mark.parametrize("headers", [{}, {"x-api-key": "owner"}, {"x-api-secret-key": "owner-secret"}],
                         ids=["none", "key only", "secret only"])
def test_missing_credentials_401_on_every_route(owned, op, headers):
    app = owned[0]
    response = app.test_client().open("/v1" + concrete(op.path, path_ids(op, owned)), method=op.method,
                                      headers=headers, json={} if op.method in ("POST", "PUT") else None)
    assert response.status_code == 401 and response.get_json()["error"] == "Unauthorized"


@pytest.mark.parametrize("op", ROUTES)
def test_wrong_keys_401_on_every_route_when_accounts_are_configured(op):
    app = create_app(accounts=({"key": "only", "secret": "this"},))
    response = app.test_client().open("/v1" + concrete(op.path, {k: 1 for k in op.params + op.text_params}),
                                      method=op.method,
                                      headers={"x-api-key": "only", "x-api-secret-key": "not-this"})
    assert response.status_code == 401


@pytest.mark.parametrize("op", ROUTES)
def test_another_accounts_keys_never_reach_the_owners_resources(owned, op):
    """Reads answer 404; task-backed calls answer a task that fails with the not-found triple; the
    owner's resources and tasks are untouched, whatever the answer."""
    app = owned[0]
    stranger = Api(app.test_client(), {"x-api-key": "stranger", "x-api-secret-key": "x"})
    owner = MockApi(app, key="owner", secret="owner-secret")
    before = (owner.resources(), owner.tasks())  # looks that count no read
    path = concrete(op.path, path_ids(op, owned))
    body = {} if op.method in ("POST", "PUT") else None
    response = stranger.request(op.method, path, json=body)
    if not (op.params or op.text_params) or op.action is Action.CREATE and not KINDS[op.kind].parent:
        assert response.status_code in (200, 202, 400)  # account-level: the stranger's own account
    elif op.kind is None and not op.text_params:
        assert response.status_code == 200  # a catalog's entry (an Essentials plan) is every account's
    elif op.action.is_task and response.status_code != 400:  # 400: a body the schema refuses
        assert response.status_code == op.status_code
        done = stranger.run_task(response)
        assert done["status"] == "processing-error"
        assert done["response"]["error"]["status"] == "404 NOT_FOUND"
    elif not op.action.is_task:
        assert response.status_code in ((400, 404) if op.request_schema else (404,))
    assert (owner.resources(), owner.tasks()) == before


@pytest.mark.parametrize("op", [pytest.param(op, id=f"{op.method} {op.path}") for op in OPERATIONS
                                if op.method in ("POST", "PUT")])
def test_oversize_body_is_413_on_every_route_with_a_body(owned, op):
    app = owned[0]
    api = Api(app.test_client(), {"x-api-key": "owner", "x-api-secret-key": "owner-secret"})
    before = len(api.get("/tasks").get_json()["tasks"])
    big = json.dumps({"name": "x" * (1 << 20)})
    response = api.request(op.method, concrete(op.path, path_ids(op, owned)), data=big,
                           content_type="application/json")
    assert response.status_code == 413 and response.get_json()["error"] == "Payload Too Large"
    assert len(api.get("/tasks").get_json()["tasks"]) == before
