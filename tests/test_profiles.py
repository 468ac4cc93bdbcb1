"""Profiles are timing tables: every operation's default comes from the operation table, shipped
scenarios only where an operation differs, user files may name timelines, and unknown names at run
time answer 400 listing what exists. Everything through HTTP (Flask's test client) or create_app."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from conftest import SUBSCRIPTION, Api
from mock_api import SourceError, create_app
from mock_api.operations import COMMAND_TYPES, OPERATIONS, Action

TIMINGS = json.loads((Path(__file__).parent / "data" / "timings-before-profiles.json").read_text())["profiles"]
TASK_OPERATIONS = [op for op in OPERATIONS if op.action.is_task]
PROFILES = ["default", "instant", "realistic"]
CLOUD_ACCOUNT = {"name": "mine", "provider": "AWS", "accessKeyId": "AKIAEXAMPLE", "accessSecretKey": "x",
                 "consoleUsername": "u", "consolePassword": "p", "signInLoginUrl": "https://example.signin.aws"}


def listing(app, **query) -> dict:
    answer = app.test_client().get("/_mock/scenarios", query_string=query)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def by_operation(app, **query) -> dict:
    return {o["operation"]: o for o in listing(app, **query)["operations"]}


def written(path: Path, text: str) -> str:
    path.write_text(textwrap.dedent(text))
    return str(path)


def advance(api: Api, seconds: float) -> None:
    assert api.client.post("/_mock/clock/advance", json={"seconds": seconds}).status_code == 200


@pytest.mark.parametrize("profile", PROFILES)
def test_every_operation_resolves_to_a_timeline_under_every_profile(profile):
    chosen = by_operation(create_app(), profile=profile)
    assert sorted(chosen) == sorted(op.name for op in TASK_OPERATIONS)
    for op in TASK_OPERATIONS:
        entry = chosen[op.name]
        assert entry["commandType"] == op.command_type and entry["steps"], entry
        assert entry["timelines"]["steps"].rsplit(".", 1)[-1] == ("query" if op.action is Action.QUERY else "task")
        if op.action in (Action.CREATE, Action.UPDATE, Action.DELETE) and op.kind and profile != "instant":
            assert entry["resource"]["final"] == ("gone" if op.action is Action.DELETE else "active"), entry


@pytest.mark.parametrize("profile", PROFILES)
def test_the_shipped_profiles_keep_the_timings_of_the_former_scenario_folders(profile):
    chosen = by_operation(create_app(), profile=profile)

    def steps(written_steps):
        return [[s["status"], s.get("polls"), s.get("seconds")] for s in written_steps]

    for name, before in TIMINGS[profile].items():
        now = chosen[name]
        resource = now["resource"] and {"steps": steps(now["resource"]["steps"]), "final": now["resource"]["final"]}
        assert {"steps": steps(now["steps"]), "resource": resource} == before, name


def test_shipped_scenarios_exist_only_where_an_operation_differs_and_never_twice():
    shipped = [s for s in listing(create_app())["scenarios"] if s["origin"].startswith("scenarios/")]
    files_by_command_type = {ct: set() for ct in COMMAND_TYPES}
    for profile in PROFILES:
        chosen = by_operation(create_app(), profile=profile)
        for op in TASK_OPERATIONS:
            entry = chosen[op.name]
            if entry["scenario"] != op.name:  # a shipped scenario took over: it must change something
                files_by_command_type[op.command_type].add(entry["origin"].rsplit(":", 1)[0])
                assert any(s["name"] == entry["scenario"] for s in shipped)
                assert entry["resource"] is not None or profile == "instant", entry
    assert all(len(files) <= 1 for files in files_by_command_type.values())
    assert {ct for ct, files in files_by_command_type.items() if files} == {
        "databaseUpgradeRequest", "fixedDatabaseUpgradeRedisVersionRequest"}


CUSTOM = """\
    # every task takes 3 polls, every provisioning 300 s
    timelines:
      task: [{status: received, polls: 3}]
      provision: [{seconds: 300}]
      change: [{polls: 1}]
      deprovision: [{polls: 1}]
"""


def test_a_custom_profile_file_changes_every_operation_timing(tmp_path):
    app = create_app(profile=written(tmp_path / "ci.yaml", CUSTOM))
    chosen = by_operation(app)
    for op in TASK_OPERATIONS:
        assert chosen[op.name]["steps"] == [{"status": "received", "polls": 3}], op.name
        if op.action is Action.CREATE and op.kind:
            assert chosen[op.name]["resource"]["steps"][0]["seconds"] == 300, op.name
    assert chosen["createVpcPeering"]["resource"]["steps"] == [{"status": "pending-acceptance", "seconds": 300}]
    api = Api(app.test_client())
    tasks = [api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"],
             api.post("/cloud-accounts", json=CLOUD_ACCOUNT).get_json()["taskId"]]
    created = []
    for task_id in tasks:
        seen = [api.get(f"/tasks/{task_id}").get_json() for _ in range(3)]
        assert [t["status"] for t in seen] == ["received", "received", "processing-completed"]
        created.append(seen[-1]["response"]["resourceId"])
    paths = [f"/subscriptions/{created[0]}", f"/cloud-accounts/{created[1]}"]
    advance(api, 299)
    assert [api.get(path).get_json()["status"] for path in paths] == ["pending", "pending"]
    advance(api, 1)
    assert [api.get(path).get_json()["status"] for path in paths] == ["active", "active"]


USER_SCENARIOS = """\
    scenarios:
      - name: declined
        match: {commandType: subscriptionCreateRequest, body: {name: "declined-*"}}
        steps: task                       # the profile's task timeline
        outcome: {error: {type: PAYMENT_INFO_NOT_PROVIDED, status: 400 BAD_REQUEST, description: No payment}}
      - name: drafted
        match: {commandType: databaseCreateRequest}
        steps: [{status: received, polls: 2}]
        outcome: completed
        resource: {steps: provision, status: draft}   # the profile's provisioning, shown as `draft`
"""


@pytest.mark.parametrize("profile, task_polls, database", [
    ("default", ["processing-in-progress", "processing-error"], ["draft", "active"]),
    ("instant", ["processing-error", "processing-error"], ["active", "active"]),
])
def test_user_scenarios_name_the_profile_timelines(tmp_path, profile, task_polls, database):
    app = create_app(profile=profile, scenarios=[written(tmp_path / "mine.yaml", USER_SCENARIOS)])
    chosen = by_operation(app)
    assert chosen["createSubscription"]["conditional"] == ["declined"]
    assert chosen["createDatabase"]["scenario"] == "drafted"
    assert chosen["createDatabase"]["timelines"] == {"resource": "timelines.provision"}
    api = Api(app.test_client())
    declined = api.post("/subscriptions", json={**SUBSCRIPTION, "name": "declined-1"}).get_json()["taskId"]
    assert [api.get(f"/tasks/{declined}").get_json()["status"] for _ in range(2)] == task_polls
    sub_id = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    while api.get(f"/subscriptions/{sub_id}").get_json()["status"] != "active":
        pass
    db_task = api.run_task(api.post(f"/subscriptions/{sub_id}/databases", json={"name": "db"}))
    path = f"/subscriptions/{sub_id}/databases/{db_task['response']['resourceId']}"
    assert [api.get(path).get_json()["status"] for _ in range(2)] == database


def test_a_task_following_named_timelines_survives_a_snapshot(tmp_path):
    app = create_app(scenarios=[written(tmp_path / "mine.yaml", """\
        scenarios:
          - {name: slow, match: {commandType: subscriptionCreateRequest}, steps: task, outcome: completed,
             resource: provision}
    """)])
    api = Api(app.test_client())
    task_id = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    state = app.test_client().get("/_mock/state").get_json()
    assert state["scenarios"]["slow"]["steps"] == [{"status": "received", "polls": 1, "seconds": 10},
                                                   {"status": "processing-in-progress", "polls": 1, "seconds": 10}]
    fresh = create_app(profile="instant")  # neither the file nor the default profile: the definition is enough
    assert fresh.test_client().put("/_mock/state", json=state).status_code == 200
    again = Api(fresh.test_client())
    assert [again.get(f"/tasks/{task_id}").get_json()["status"] for _ in range(2)] == [
        "processing-in-progress", "processing-completed"]
    sub = f"/subscriptions/{again.get(f'/tasks/{task_id}').get_json()['response']['resourceId']}"
    assert [again.get(sub).get_json()["status"] for _ in range(2)] == ["pending", "active"]


def test_unknown_names_at_run_time_answer_400_listing_what_exists(tmp_path):
    app = create_app(profile=written(tmp_path / "ci.yaml", CUSTOM))
    control, api = app.test_client(), Api(app.test_client())
    known = f"default, instant, realistic, {tmp_path / 'ci.yaml'}"
    for answer in (api.put("/_mock/account", json={"profile": "fast"}, headers=api.headers),
                   control.get("/_mock/scenarios", query_string={"profile": "fast"}),
                   api.put("/_mock/account", json={"profile": "/etc/passwd"})):
        assert answer.status_code == 400 and f"choose one of {known}" in answer.get_json()["message"]
    assert api.put("/_mock/account", json={"profile": str(tmp_path / "ci.yaml")}).status_code == 200
    header = api.post("/subscriptions", json=SUBSCRIPTION, headers={"X-Mock-Scenario": "nope"})
    assert header.status_code == 400
    assert header.get_json()["message"].startswith("X-Mock-Scenario: no scenario named 'nope'; loaded: "
                                                   "redis-version-upgrade (or an operation's default")
    control.post("/_mock/scenarios", data="scenarios: [{name: held, match: none, steps: task, outcome: completed}]")
    assert api.put("/_mock/account", json={"scenario": "held"}).status_code == 200
    control.delete("/_mock/scenarios")
    sticky = api.post("/subscriptions", json=SUBSCRIPTION)
    assert sticky.status_code == 400
    assert "this account's choice (PUT /_mock/account): no scenario named 'held'" in sticky.get_json()["message"]
    with pytest.raises(SourceError, match="unknown profile; choose one of default, instant, realistic"):
        create_app(profile="fast")


def test_a_snapshot_with_a_profile_this_server_lacks_is_refused_and_changes_nothing(tmp_path):
    source = create_app(profile=written(tmp_path / "ci.yaml", CUSTOM))
    Api(source.test_client()).post("/subscriptions", json=SUBSCRIPTION)
    Api(source.test_client()).put("/_mock/account", json={"profile": str(tmp_path / "ci.yaml")})
    state = source.test_client().get("/_mock/state").get_json()
    target = create_app()
    before = target.test_client().get("/_mock/state").get_json()
    refused = target.test_client().put("/_mock/state", json=state)
    assert refused.status_code == 400 and "unknown profile" in refused.get_json()["message"]
    after = target.test_client().get("/_mock/state").get_json()
    assert {**after, "now": None} == {**before, "now": None}


HOSTILE = {
    "binary": "scenarios: [{name: b, steps: task, outcome: {response: {x: !!binary aGVsbG8=}}}]",
    "date": "scenarios: [{name: d, steps: task, outcome: {response: {x: 2024-01-01}}}]",
    "nan": "scenarios: [{name: n, steps: task, outcome: {response: {x: .nan}}}]",
    "deep": '{"scenarios": [{"name": "deep", "steps": "task", "outcome": {"response": {"x": '
            + "[" * 3000 + "]" * 3000 + "}}}]}",
    "typo": "scenarios: [{name: t, match: {commandType: subscriptionCreate}, steps: task, outcome: completed}]",
}


def test_a_refused_run_time_scenario_leaves_nothing_loaded_and_an_accepted_one_lists_and_exports():
    app = create_app()
    control, api = app.test_client(), Api(app.test_client())
    before = listing(app)
    for name, text in HOSTILE.items():
        refused = control.post("/_mock/scenarios", data=text, content_type="application/yaml")
        assert refused.status_code == 400, name
        assert all(p.startswith("request body:1:") for p in refused.get_json()["problems"]), refused.get_json()
        assert listing(app) == before, name
    accepted = control.post("/_mock/scenarios", content_type="application/yaml", data=textwrap.dedent("""\
        scenarios:
          - name: odd-but-json
            match: {commandType: subscriptionCreateRequest}
            steps: task
            outcome:
              response:
                resource: {on: yes, 200: "${resourceId}", when: "2024-01-01", big: 9007199254740993, e: "é ☃", l: [[[]]]}
    """))
    assert accepted.status_code == 201, accepted.get_json()
    assert listing(app)["scenarios"][0]["definition"]["outcome"]["response"]["resource"]["on"] is True
    done = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))
    assert done["response"]["resource"] == {"on": True, "200": done["response"]["resourceId"], "when": "2024-01-01",
                                            "big": 9007199254740993, "e": "é ☃", "l": [[[]]]}
    state = control.get("/_mock/state").get_json()
    assert "odd-but-json" in state["scenarios"]
    assert create_app().test_client().put("/_mock/state", json=state).status_code == 200


def test_an_operation_default_is_chosen_by_its_operation_id_over_a_rule_for_everything(tmp_path):
    app = create_app(scenarios=[written(tmp_path / "all-fail.yaml", """\
        scenarios:
          - {name: all-fail, steps: task, outcome: {error: {type: X, status: 500 INTERNAL_SERVER_ERROR, description: x}}}
    """)])
    api = Api(app.test_client())
    failing = api.post("/subscriptions", json=SUBSCRIPTION).get_json()["taskId"]
    normal = api.post("/subscriptions", json=SUBSCRIPTION, headers={"X-Mock-Scenario": "createSubscription"})
    assert [api.get(f"/tasks/{t}").get_json()["status"] for t in (failing, normal.get_json()["taskId"]) for _ in (1, 2)] \
        == ["processing-in-progress", "processing-error", "processing-in-progress", "processing-completed"]


def test_json_clients_may_escape_characters_beyond_the_basic_plane():
    """json.dumps and Flask's test client write 😀 as the escape pair \\ud83d\\ude00 (YAML alone
    would refuse each half): it loads as the character, and a lone half is still refused."""
    app = create_app()
    control, api = app.test_client(), Api(app.test_client())
    document = {"scenarios": [{"name": "emoji", "match": {"commandType": "subscriptionCreateRequest"},
                               "steps": "task", "outcome": {"response": {"resource": {"mood": "ok 😀"}}}}]}
    assert "\\ud83d\\ude00" in json.dumps(document)
    assert control.post("/_mock/scenarios", data=json.dumps(document), content_type="application/json").status_code == 201
    assert api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resource"] == {"mood": "ok 😀"}
    lone = json.dumps(document).replace("\\ude00", "")
    refused = control.post("/_mock/scenarios", data=lone, content_type="application/json")
    assert refused.status_code == 400 and "invalid Unicode character" in refused.get_json()["problems"][0]


def test_run_time_scenarios_are_bounded_in_number_and_a_refusal_keeps_the_ones_loaded():
    from mock_api.scenario_files import MAX_LOADED_SCENARIOS

    app = create_app()
    control = app.test_client()

    def document(first, count):
        return json.dumps({"scenarios": [{"name": f"s{i}", "match": "none", "steps": "task", "outcome": "completed"}
                                         for i in range(first, first + count)]})
    assert control.post("/_mock/scenarios", data=document(0, MAX_LOADED_SCENARIOS - 1)).status_code == 201
    assert control.post("/_mock/scenarios", data=document(0, 5)).status_code == 201  # same names: replaced
    refused = control.post("/_mock/scenarios", data=document(MAX_LOADED_SCENARIOS, 2))
    assert refused.status_code == 400
    assert f"at most {MAX_LOADED_SCENARIOS}" in refused.get_json()["problems"][0]
    assert len(listing(app)["scenarios"]) == MAX_LOADED_SCENARIOS - 1 + 1  # and the shipped one
    assert control.delete("/_mock/scenarios").status_code == 200
    assert control.post("/_mock/scenarios", data=document(MAX_LOADED_SCENARIOS, 2)).status_code == 201
