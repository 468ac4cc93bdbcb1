"""The control API over real HTTP against `mock-api serve` (a subprocess), every control."""
from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import SUBSCRIPTION
from served import AUTH

ROOT = Path(__file__).resolve().parents[1]
OTHER = {"x-api-key": "other-key", "x-api-secret-key": "other-secret"}
PAYMENT = {"type": "PAYMENT_INFO_NOT_PROVIDED", "status": "400 BAD_REQUEST",
           "description": "Payment info is not provided"}


@pytest.fixture
def server(serve):
    return serve()


def create(server, headers=AUTH, **extra):
    status, task = server.call("POST", "/v1/subscriptions", SUBSCRIPTION, headers={**headers, **extra})
    assert status == 202, task
    return task["taskId"]


def poll(server, task_id, headers=AUTH, check=True):
    return server.call("GET", f"/v1/tasks/{task_id}", headers=headers, check=check)


# ---------------------------------------------------------------- reset


def test_reset_one_account_or_everything(server):
    create(server)
    create(server, OTHER)
    assert server.call("POST", "/_mock/reset", headers=AUTH)[1] == {"reset": "account", "accountId": 1001}
    assert server.call("GET", "/v1/tasks")[1] == {"tasks": []}
    assert len(server.call("GET", "/v1/tasks", headers=OTHER)[1]["tasks"]) == 1
    assert server.call("POST", "/_mock/reset", {"accountId": 1002}, headers=None)[1]["accountId"] == 1002
    assert server.call("GET", "/v1/tasks", headers=OTHER)[1] == {"tasks": []}
    create(server, OTHER)
    assert server.call("POST", "/_mock/reset", headers=None)[1]["reset"] == "everything"
    assert server.call("GET", "/v1/tasks", headers=OTHER)[1] == {"tasks": []}
    assert server.call("GET", "/_mock/requests", headers=None)[1]["count"] == 1  # the GET just made
    assert server.call("POST", "/_mock/reset", {"accountId": 999}, headers=None)[0] == 404


# ---------------------------------------------------------------- clock


def test_clock_read_advance_set_freeze_resume(serve):
    server = serve("--profile", "realistic")
    task = create(server)
    start = server.call("GET", "/_mock/clock", headers=None)[1]
    assert start["frozen"] is False and start["now"].endswith("Z")
    server.call("POST", "/_mock/clock/advance", {"seconds": 2}, headers=None)
    assert poll(server, task)[1]["status"] == "processing-in-progress"
    frozen = server.call("POST", "/_mock/clock/freeze", headers=None)[1]
    assert frozen["frozen"] is True
    assert server.call("GET", "/_mock/clock", headers=None)[1]["now"] == frozen["now"]
    status, moved = server.call("POST", "/_mock/clock/set", {"now": "2099-01-01T00:00:00Z"}, headers=None)
    assert status == 200 and moved["now"].startswith("2099-01-01T00:00:00")
    assert poll(server, task)[1]["status"] == "processing-completed"
    assert server.call("POST", "/_mock/clock/set", {"now": "2000-01-01T00:00:00Z"}, headers=None)[0] == 400
    assert server.call("POST", "/_mock/clock/advance", {"seconds": -1}, headers=None)[0] == 400
    assert server.call("POST", "/_mock/clock/advance", {"seconds": "x"}, headers=None)[0] == 400
    resumed = server.call("POST", "/_mock/clock/resume", headers=None)[1]
    assert resumed["frozen"] is False and resumed["now"] >= moved["now"]


# ---------------------------------------------------------------- choosing outcomes


def test_header_chooses_the_scenario_of_one_request(server):
    server.call("POST", "/_mock/scenarios", raw=b"scenarios:\n  - name: declined\n    match: none\n"
                b"    steps: [{status: received, polls: 1}]\n    outcome: {error: {type: PAYMENT_INFO_NOT_PROVIDED,"
                b" status: 400 BAD_REQUEST, description: Payment info is not provided}}\n",
                content_type="application/yaml", headers=None)
    declined = create(server, **{"X-Mock-Scenario": "declined"})
    normal = create(server)
    assert poll(server, declined)[1]["response"]["error"] == PAYMENT
    assert poll(server, normal)[1]["status"] == "processing-in-progress"
    assert server.call("POST", "/v1/subscriptions", SUBSCRIPTION, headers={**AUTH, "X-Mock-Scenario": "nope"})[0] == 400


def test_scenario_files_match_path_parameters_and_body_fields(serve, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text("""
scenarios:
  - name: fail-payment
    match: {commandType: subscriptionCreateRequest, body: {name: "fail-payment*"}}
    steps: [{status: received, polls: 1}]
    outcome: {error: {type: PAYMENT_INFO_NOT_PROVIDED, status: 400 BAD_REQUEST, description: Payment info is not provided}}
  - name: big-databases-fail
    match: {commandType: databaseCreateRequest, params: {subscriptionId: "1*"}, body: {"throughputMeasurement.by": "number-of-shards"}}
    steps: [{status: received, polls: 1}]
    outcome: {error: {type: DATABASE_SHARDS_LIMIT, status: 400 BAD_REQUEST, description: too many shards}}
""")
    server = serve("--scenarios", str(rules), "--profile", "instant")
    failing = server.call("POST", "/v1/subscriptions", {**SUBSCRIPTION, "name": "fail-payment-7"})[1]["taskId"]
    assert poll(server, failing)[1]["response"]["error"]["type"] == "PAYMENT_INFO_NOT_PROVIDED"
    done = poll(server, create(server))[1]
    sub_id = done["response"]["resourceId"]
    server.call("GET", f"/v1/subscriptions/{sub_id}")
    sharded = server.call("POST", f"/v1/subscriptions/{sub_id}/databases",
                          {"name": "d", "throughputMeasurement": {"by": "number-of-shards", "value": 4}})[1]
    assert poll(server, sharded["taskId"])[1]["response"]["error"]["type"] == "DATABASE_SHARDS_LIMIT"
    plain = server.call("POST", f"/v1/subscriptions/{sub_id}/databases", {"name": "d2"})[1]
    assert poll(server, plain["taskId"])[1]["status"] == "processing-completed"


def test_load_list_and_clear_scenarios_at_run_time(server):
    document = {"scenarios": [{"name": "slow", "match": {"commandType": "subscriptionCreateRequest"},
                               "steps": [{"status": "received", "polls": 3}], "outcome": "completed"}]}
    status, loaded = server.call("POST", "/_mock/scenarios", document, headers=None)
    assert status == 201 and loaded["loaded"][0]["name"] == "slow"
    listing = server.call("GET", "/_mock/scenarios", headers=None)[1]
    assert [s["name"] for s in listing["scenarios"]] == ["slow", "redis-version-upgrade"]
    chosen = {o["operation"]: o["scenario"] for o in listing["operations"]}
    assert (chosen["createSubscription"], chosen["createDatabase"]) == ("slow", "createDatabase")
    task = create(server)
    assert [poll(server, task)[1]["status"] for _ in range(3)] == ["received", "received", "processing-completed"]
    status, refused = server.call("POST", "/_mock/scenarios", raw=b"scenarios:\n  - name: x\n    steps: []\n",
                                  content_type="application/yaml", headers=None)
    assert status == 400 and refused["problems"][0].startswith("request body:2:5: scenarios[0]: missing required key 'outcome'")
    server.call("DELETE", "/_mock/scenarios", headers=None)
    assert server.call("GET", "/_mock/scenarios", headers=None)[1]["scenarios"][0]["name"] != "slow"


def test_two_accounts_steer_their_own_outcomes_at_once(server):
    server.call("POST", "/_mock/scenarios", {"scenarios": [{
        "name": "declined", "match": "none", "steps": [{"status": "received", "polls": 1}],
        "outcome": {"error": PAYMENT}}]}, headers=None)
    assert server.call("PUT", "/_mock/account", {"scenario": "declined"}, headers=AUTH)[1]["scenario"] == "declined"
    assert server.call("PUT", "/_mock/account", {"profile": "instant", "links": "v1"}, headers=OTHER)[0] == 200
    results = {}

    def run(name, headers):
        outcomes = []
        for _ in range(5):
            task = create(server, headers)
            outcomes.append(poll(server, task, headers)[1])
        results[name] = outcomes

    threads = [threading.Thread(target=run, args=("a", AUTH)), threading.Thread(target=run, args=("b", OTHER))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert {t["status"] for t in results["a"]} == {"processing-error"}
    assert {t["status"] for t in results["b"]} == {"processing-completed"}
    assert all("links" in t for t in results["b"]) and all("_links" in t for t in results["a"])
    assert server.call("PUT", "/_mock/account", {"scenario": "nope"}, headers=AUTH)[0] == 400
    assert server.call("PUT", "/_mock/account", {"links": "xml"}, headers=AUTH)[0] == 400
    assert server.call("PUT", "/_mock/account", {}, headers=None)[0] == 400  # which account?


def test_next_scenarios_are_used_once_each(server):
    server.call("POST", "/_mock/scenarios", {"scenarios": [{
        "name": "declined", "match": "none", "steps": [{"status": "received", "polls": 1}],
        "outcome": {"error": PAYMENT}}]}, headers=None)
    server.call("PUT", "/_mock/account", {"next": ["declined"]}, headers=AUTH)
    first, second = create(server), create(server)
    assert poll(server, first)[1]["status"] == "processing-error"
    assert poll(server, second)[1]["status"] == "processing-in-progress"


# ---------------------------------------------------------------- per-task control


def test_step_complete_fail_hold_release(server):
    a, b, c, d = (create(server) for _ in range(4))
    assert server.call("POST", f"/_mock/tasks/{a}/step", headers=None)[1]["status"] == "processing-in-progress"
    done = server.call("POST", f"/_mock/tasks/{b}/complete", headers=None)[1]
    assert done["status"] == "processing-completed" and done["response"]["resourceId"] > 0
    failed = server.call("POST", f"/_mock/tasks/{c}/fail", PAYMENT, headers=None)[1]
    assert failed["status"] == "processing-error" and failed["response"]["error"] == PAYMENT
    assert poll(server, c)[1]["response"]["error"] == PAYMENT
    server.call("POST", f"/_mock/tasks/{d}/hold", headers=None)
    assert [poll(server, d)[1]["status"] for _ in range(4)] == ["received"] * 4
    server.call("POST", f"/_mock/tasks/{d}/release", headers=None)
    assert poll(server, d)[1]["status"] == "processing-in-progress"
    assert server.call("POST", f"/_mock/tasks/{b}/step", headers=None)[0] == 409
    assert server.call("POST", "/_mock/tasks/nope/step", headers=None)[0] == 404
    assert server.call("POST", f"/_mock/tasks/{a}/fail", {"type": "X"}, headers=None)[0] == 400


# ---------------------------------------------------------------- journal


def test_journal_lists_filters_counts_masks_and_clears(server):
    create(server)
    create(server, OTHER)
    server.call("GET", "/v1/tasks")
    server.call("GET", "/nope")
    status, journal = server.call("GET", "/_mock/requests", headers=None)
    assert status == 200 and journal["count"] == 4
    first = journal["requests"][0]
    assert (first["method"], first["path"], first["fullPath"], first["status"]) == (
        "POST", "/subscriptions", "/v1/subscriptions", 202)
    assert first["commandType"] == "subscriptionCreateRequest" and first["taskId"]
    assert first["body"]["name"] == "sub-1"
    assert first["headers"]["x-api-key"] == "test-key"
    assert first["headers"]["x-api-secret-key"].startswith("***") and "test-secret" not in json.dumps(journal)
    assert first["accountId"] == 1001
    assert server.call("GET", "/_mock/requests?method=POST", headers=None)[1]["count"] == 2
    assert server.call("GET", "/_mock/requests?accountId=1002", headers=None)[1]["count"] == 1
    assert server.call("GET", "/_mock/requests/count?path=/tasks*", headers=None)[1] == {"count": 1}
    assert server.call("GET", "/_mock/requests/count?status=404", headers=None)[1] == {"count": 1}
    server.call("DELETE", "/_mock/requests", headers=None)
    assert server.call("GET", "/_mock/requests/count", headers=None)[1] == {"count": 0}


def test_journal_is_bounded(serve):
    server = serve("--journal-size", "3")
    for _ in range(5):
        server.call("GET", "/v1/tasks")
    ids = [r["id"] for r in server.call("GET", "/_mock/requests", headers=None)[1]["requests"]]
    assert ids == [3, 4, 5]


def test_long_poll_wait(server):
    def later():
        time.sleep(0.3)  # the other party (an SDK under test) sends its request a moment later
        create(server)

    thread = threading.Thread(target=later)
    started = time.monotonic()
    thread.start()
    status, result = server.call("POST", "/_mock/requests/wait?method=POST&path=/subscriptions",
                                 {"count": 1, "timeout": 10}, headers=None)
    thread.join()
    assert status == 200 and result["satisfied"] is True and result["count"] == 1
    assert time.monotonic() - started < 5
    status, result = server.call("POST", "/_mock/requests/wait?method=DELETE", {"count": 1, "timeout": 0.2},
                                 headers=None)
    assert status == 408 and result == {"satisfied": False, "count": 0, "requests": []}
    assert server.call("POST", "/_mock/requests/wait", {"timeout": 600}, headers=None)[0] == 400


# ---------------------------------------------------------------- faults


def test_fault_status_429_with_rate_limit_header_once(server):
    status, rule = server.call("POST", "/_mock/faults", {
        "action": "status", "status": 429, "times": 1, "path": "/tasks/*",
        "headers": {"X-Rate-Limit-Remaining": "0"}}, headers=None)
    assert status == 201 and rule["id"] == 1
    task = create(server)
    request = urllib.request.Request(f"{server.url}/v1/tasks/{task}", headers=AUTH)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 429 and refused.value.headers["X-Rate-Limit-Remaining"] == "0"
    assert json.loads(refused.value.read())["status"] == 429
    assert poll(server, task)[0] == 200  # `times` used up
    assert server.call("GET", "/_mock/faults", headers=None)[1]["faults"][0]["hits"] == 1


@pytest.mark.parametrize("code", [500, 503])
def test_fault_status_5xx_on_a_command_type_creates_nothing(server, code):
    server.call("POST", "/_mock/faults", {"action": "status", "status": code,
                                          "commandType": "subscriptionCreateRequest",
                                          "body": {"message": "boom"}}, headers=None)
    status, body = server.call("POST", "/v1/subscriptions", SUBSCRIPTION, check=False)
    assert (status, body) == (code, {"message": "boom"})
    assert server.call("GET", "/v1/tasks")[1] == {"tasks": []}
    server.call("DELETE", "/_mock/faults", headers=None)
    assert server.call("GET", "/_mock/faults", headers=None)[1] == {"faults": []}


def test_fault_delay(server):
    server.call("POST", "/_mock/faults", {"action": "delay", "seconds": 0.5, "method": "GET"}, headers=None)
    started = time.monotonic()
    assert server.call("GET", "/v1/tasks")[0] == 200
    assert time.monotonic() - started >= 0.5


def test_fault_task_not_found_for_the_first_polls(server):
    server.call("POST", "/_mock/faults", {"action": "task-not-found", "polls": 2,
                                          "commandType": "subscription*"}, headers=None)
    task = create(server)
    assert [poll(server, task)[0] for _ in range(3)] == [404, 404, 200]  # 404 is the API's own answer
    assert poll(server, task)[1]["status"] == "processing-completed"  # the hidden polls did not count


def test_fault_drop_connection_and_only_for_one_account(server):
    assert server.call("GET", "/v1/tasks")[0] == 200  # account 1001
    assert server.call("GET", "/v1/tasks", headers=OTHER)[0] == 200  # account 1002
    status, rule = server.call("POST", "/_mock/faults", {"action": "drop", "accountId": 1002}, headers=None)
    assert server.call("GET", "/v1/tasks")[0] == 200  # 1001: untouched
    request = urllib.request.Request(f"{server.url}/v1/tasks", headers=OTHER)
    with pytest.raises((urllib.error.URLError, ConnectionError, http_client_error())):
        urllib.request.urlopen(request, timeout=5)
    # the client sees the connection close before the server has journaled the request: wait for it
    waited = server.call("POST", "/_mock/requests/wait?accountId=1002", {"count": 2, "timeout": 10}, headers=None)
    [entry] = waited[1]["requests"][-1:]
    assert entry["status"] is None and entry["fault"] == rule["id"]  # journaled as dropped
    assert server.call("DELETE", f"/_mock/faults/{rule['id']}", headers=None)[0] == 200
    assert server.call("DELETE", f"/_mock/faults/{rule['id']}", headers=None)[0] == 404
    assert server.call("GET", "/v1/tasks", headers=OTHER)[0] == 200


def http_client_error():
    import http.client

    return http.client.HTTPException


def test_bad_fault_rules_are_400(server):
    for rule in ({"action": "explode"}, {"action": "delay"}, {"action": "delay", "seconds": 999},
                 {"action": "status"}, {"action": "status", "status": 99}, {"action": "drop", "probability": 2},
                 {"action": "drop", "times": 0}, {"action": "drop", "colour": "red"}, ["not", "an", "object"]):
        assert server.call("POST", "/_mock/faults", rule, headers=None)[0] == 400, rule


# ---------------------------------------------------------------- determinism


def run_seeded(server):
    server.call("POST", "/_mock/faults", {"action": "status", "status": 503, "probability": 0.5,
                                          "path": "/tasks/*"}, headers=None)
    task_ids, statuses, resource_ids = [], [], []
    for _ in range(6):
        task = create(server)
        task_ids.append(task)
        statuses += [poll(server, task, check=False)[0] for _ in range(4)]  # 503s are the rule's
    server.call("DELETE", "/_mock/faults", headers=None)
    for task in task_ids:
        for _ in range(10):
            body = poll(server, task)[1]
            if body["status"] == "processing-completed":
                break
        resource_ids.append(body["response"]["resourceId"])
    return task_ids, statuses, resource_ids


def test_seed_makes_ids_and_fault_draws_repeatable(serve):
    first = run_seeded(serve("--seed", "42"))
    again = run_seeded(serve("--seed", "42"))
    other = run_seeded(serve("--seed", "43"))
    assert first == again
    assert first[0] != other[0]
    assert 503 in first[1] and 200 in first[1]


# ---------------------------------------------------------------- snapshot


def test_state_snapshot_round_trip(serve):
    source = serve()
    sub = poll(source, create(source))[1]
    done = poll(source, sub["taskId"])[1]
    sub_id = done["response"]["resourceId"]
    source.call("GET", f"/v1/subscriptions/{sub_id}")
    running = create(source, OTHER)
    source.call("POST", "/_mock/faults", {"action": "delay", "seconds": 0, "method": "PATCH"}, headers=None)
    status, snapshot = source.call("GET", "/_mock/state", headers=None)
    assert status == 200 and snapshot["version"] == 2

    target = serve()
    status, result = target.call("PUT", "/_mock/state", snapshot, headers=None)
    assert status == 200 and result == {"imported": True, "accounts": 2}
    assert [t["taskId"] for t in target.call("GET", "/v1/tasks")[1]["tasks"]] == \
        [t["taskId"] for t in source.call("GET", "/v1/tasks")[1]["tasks"]]
    assert target.call("GET", f"/v1/subscriptions/{sub_id}")[1]["status"] == "active"
    assert poll(target, running, OTHER)[1]["status"] == "processing-in-progress"  # it goes on from there
    assert poll(target, running, OTHER)[1]["status"] == "processing-completed"
    assert target.call("GET", "/_mock/faults", headers=None)[1]["faults"][0]["method"] == "PATCH"
    new_sub = poll(target, poll(target, create(target))[1]["taskId"])[1]["response"]["resourceId"]
    assert new_sub > sub_id  # ids go on counting
    assert target.call("PUT", "/_mock/state", {"version": 1, "now": "x", "accounts": []}, headers=None)[0] == 400
    assert target.call("PUT", "/_mock/state", {"version": 1, "now": snapshot["now"], "accounts": [{"id": 1}]},
                       headers=None)[0] == 400
    assert target.call("GET", f"/v1/subscriptions/{sub_id}")[0] == 200  # a refused import changed nothing


# ---------------------------------------------------------------- admin token and documents


def test_admin_token_guards_the_control_api(serve):
    server = serve("--admin-token", "s3cret")
    assert server.call("GET", "/_mock/clock", headers=None)[0] == 401
    assert server.call("GET", "/_mock/clock", headers={"Authorization": "Bearer wrong"})[0] == 401
    assert server.call("GET", "/_mock/clock", headers={"Authorization": "Bearer s3cret"})[0] == 200
    assert server.call("POST", "/_mock/reset", headers={"X-Mock-Admin-Token": "s3cret"})[0] == 200
    assert server.call("GET", "/_mock/openapi.json", headers=None)[0] == 200
    assert server.call("GET", "/v1/tasks")[0] == 200  # the emulated API needs only its own keys


def test_openapi_is_served_and_kept_in_the_repo(server):
    status, served = server.call("GET", "/_mock/openapi.json", headers=None)
    assert status == 200
    assert served == json.loads((ROOT / "docs" / "openapi.json").read_text())
    assert "/_mock/faults" in served["paths"] and "/tasks/{taskId}" in served["paths"]
