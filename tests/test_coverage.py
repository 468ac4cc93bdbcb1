"""Coverage of the official spec: every official operation is emulated or listed, with its reason,
in the one "not emulated" table; every emulated one is official, with the official method, path,
success code and kind of answer; every synchronous one answers over HTTP."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from conftest import SUBSCRIPTION, Api
from mock_api import create_app, sync
from mock_api.coverage import DEVIATIONS, NOT_EMULATED, TASK_ROUTES, counts, emulated, official
from mock_api.openapi_sync import ANSWERS, DOWNLOADS
from mock_api.operations import OPERATIONS, Action

ROOT = Path(__file__).resolve().parents[1]


def _extractor():
    spec = importlib.util.spec_from_file_location("extract_operations", ROOT / "tools" / "extract_operations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_list_is_what_the_tool_extracts_from_the_packaged_spec():
    tool = _extractor()
    spec = json.loads((ROOT / "mock_api" / "spec" / "redis-cloud-openapi.json").read_text())
    committed = json.loads((ROOT / "mock_api" / "spec" / "operations.json").read_text())
    assert committed == tool.extract(spec), "regenerate: python tools/extract_operations.py"
    assert len(committed) == len({op["operationId"] for op in committed}) == 169


def test_every_official_operation_is_emulated_or_listed_with_a_reason():
    served = emulated()
    unaccounted = [f"{op.method} {op.path} ({op.operation_id})" for op in official()
                   if op.operation_id not in served and op.operation_id not in NOT_EMULATED]
    assert unaccounted == [], "emulate these, or list them with a reason in mock_api/coverage.py"
    both = sorted(set(served) & set(NOT_EMULATED))
    assert both == [], "emulated and listed as not emulated"
    names = {op.operation_id for op in official()}
    assert sorted(set(NOT_EMULATED) - names) == [], "the not-emulated table names operations the spec lacks"
    assert all(reason.strip() for _, reason in NOT_EMULATED.values())


def test_every_emulated_operation_is_the_official_one():
    by_id = {op.operation_id: op for op in official()}
    for name, (method, path) in emulated().items():
        assert name in by_id, f"{name} is not an operationId of the official spec"
        assert (by_id[name].method, by_id[name].path) == (method, path), name
    for op in OPERATIONS:
        if op.name in DEVIATIONS:  # the spec's own code is impossible: the table says which one, and why
            assert op.status_code == DEVIATIONS[op.name][0] and op.status_code not in by_id[op.name].success_codes
            assert DEVIATIONS[op.name][1].strip()
        else:
            assert op.status_code in by_id[op.name].success_codes, op.name
        assert op.action.is_task == by_id[op.name].task_backed, f"{op.name}: task-backed or not, as the spec says"
    assert set(DEVIATIONS) <= {op.name for op in OPERATIONS}


def test_every_task_backed_operation_is_emulated_and_only_the_data_integration_proxy_is_left():
    numbers = counts()
    assert numbers["task_backed_emulated"] == numbers["task_backed"]
    left = [op for op in official() if op.operation_id in NOT_EMULATED]
    assert left and all(NOT_EMULATED[op.operation_id][0] == "Data Integration" and not op.task_backed for op in left)
    assert numbers["emulated"] + numbers["not_emulated"] == numbers["official"]


def test_every_synchronous_operation_has_a_handler_and_a_documented_answer():
    effects = {op.effect for op in OPERATIONS if op.action in (Action.VIEW, Action.CATALOG)}
    assert effects == set(sync.HANDLERS), "a handler without an operation, or an operation without a handler"
    assert effects == set(ANSWERS) | set(DOWNLOADS)


# ---------------------------------------------------------------- every synchronous operation answers


@pytest.fixture
def account():
    """An account with one resource of each kind a synchronous route names, and the ids to fill paths."""
    api = Api(create_app(profile="instant").test_client(), {"x-api-key": "sync", "x-api-secret-key": "s"})
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    fixed = api.run_task(api.post("/fixed/subscriptions", json={"name": "f", "planId": 34858}))["response"]
    fixed_db = api.run_task(api.post(f"/fixed/subscriptions/{fixed['resourceId']}/databases", json={"name": "fd"}))
    report = api.run_task(api.post("/cost-report", json={"startDate": "2025-01-01", "endDate": "2025-01-31"}))
    api.run_task(api.post("/acl/roles", json={"name": "r", "redisRules": [
        {"ruleName": "Read-Only", "databases": [{"subscriptionId": sub, "databaseId": db}]}]}))
    user = api.run_task(api.post("/acl/users", json={"name": "u", "role": "r", "password": "Str0ng!Passw0rd"}))
    ids = {"subscriptionId": sub, "databaseId": db, "planId": 34858, "tagKey": "team", "cloudAccountId": 1,
           "aclUserId": user["response"]["resourceId"],
           "userId": api.get("/users").get_json()["users"][0]["id"],
           "costReportId": report["response"]["resource"]["costReportId"]}
    fixed_ids = {**ids, "subscriptionId": fixed["resourceId"], "databaseId": fixed_db["response"]["resourceId"]}
    for path in (f"/subscriptions/{sub}/databases/{db}",
                 f"/fixed/subscriptions/{fixed_ids['subscriptionId']}/databases/{fixed_ids['databaseId']}"):
        assert api.post(f"{path}/tags", json={"key": "team", "value": "cache"}).status_code == 200
    return api, ids, fixed_ids


BODIES = {"createTag": {"key": "new", "value": "v"}, "createTag_1": {"key": "new", "value": "v"},
          "updateTag": {"value": "v2"}, "updateTag_1": {"value": "v2"},
          "updateTags": {"tags": [{"key": "team", "value": "cache"}]},
          "updateTags_1": {"tags": [{"key": "team", "value": "cache"}]}}
QUERIES = {"getRedisVersions_1": "?subscriptionId={subscriptionId}"}
NEEDS_A_REDIRECTION = {"getDatabaseTraffic", "getDatabaseTraffic_1", "resumeBdbTraffic", "resumeBdbTraffic_1",
                       "getEndpointsRedirectionStatus", "revertEndpointsRedirection", "createEndpointsRedirection"}
SYNC = [pytest.param(op, id=op.name) for op in OPERATIONS
        if not op.action.is_task and op.name not in NEEDS_A_REDIRECTION]


@pytest.mark.parametrize("op", SYNC)
def test_every_synchronous_operation_answers_its_success_code(account, op):
    """Redirections and traffic need a redirection first: test_sync_operations.py follows them."""
    api, ids, fixed_ids = account
    path = op.path.format(**(fixed_ids if op.path.startswith("/fixed/") else ids))
    path += QUERIES.get(op.name, "").format(**fixed_ids)
    response = api.request(op.method, path, json=BODIES.get(op.name))
    assert response.status_code == op.status_code, (op.name, response.get_json())


def test_the_task_routes_are_the_official_ones():
    by_id = {op.operation_id: op for op in official()}
    assert {name: (by_id[name].method, by_id[name].path) for name in TASK_ROUTES} == TASK_ROUTES


def test_the_readme_counts_are_current():
    """The README's "What it emulates" states the counts: they must be the coverage's."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## What it emulates"):readme.index("## Control API")]
    n = counts()
    for text in (f"{n['emulated']} of the {n['official']} operations", f"for the {n['task_backed_emulated']} that",
                 f"({n['synchronous_emulated']} of {n['synchronous']})", f"Not emulated ({n['not_emulated']},",
             f"{n['deviations']} operations"):
        assert text in section, f"README: update {text!r}"
