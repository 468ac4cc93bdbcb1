"""Record and replay: `mock-api record` in front of a realistic `mock-api serve` (a forced error, a
429), the recording served by `mock-api serve --scenarios DIR`, the same flow run again, and every
task's status sequence, outcome and error triple compared one by one. Also: no secret in the files,
--anonymize, --validate, the proxy's own refusals, and the export function's choices."""
from __future__ import annotations

import base64
import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest
import yaml

from conftest import SUBSCRIPTION
from response_contract import CONTRACT_TOTAL, check_over_http

KEY, SECRET = "rec-key-4f1c9a", "rec-secret-77d2e0b5"
AUTH = {"x-api-key": KEY, "x-api-secret-key": SECRET}
ACL_PASSWORD = "Sup3r-Secret-Passw0rd!"
MISSING_SUBSCRIPTION = 999999
# The Go SDK's waits between polls, about 1, 2, 4, 8, 16 s then 30 s (facts §8.1); here they move
# the servers' frozen clocks instead of sleeping.
BACKOFF = [0, 1, 2, 4, 8, 16] + [30] * 40
DECLINED = """
scenarios:
  - name: declined
    match: {commandType: subscriptionCreateRequest, body: {name: "declined-*"}}
    steps: [{status: received, seconds: 2}, {status: processing-in-progress, seconds: 5}]
    outcome:
      error: {type: PAYMENT_INFO_NOT_PROVIDED, status: 400 BAD_REQUEST, description: Payment info is not provided}
      additionalInfo: rcp-cannot-provision-without-plan
"""
BASIC = {"Authorization": "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()}
RATE_LIMIT = {"action": "status", "status": 429, "path": "/tasks/*", "times": 1,
              "headers": {"X-Rate-Limit-Remaining": "0"}}


class Http:
    """A tiny client; every answer but the 429s this suite injects is checked against mock_api's
    OpenAPI document (through the recorder, answers are the upstream mock's own, unchanged)."""

    def __init__(self, url: str):
        self.url = url

    def call(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None,
             raw: Optional[bytes] = None, content_type: str = "application/json", check: bool = True
             ) -> Tuple[int, Any, Dict[str, str]]:
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={**AUTH, **(headers or {}), "Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, payload, answer_headers = answer.status, answer.read(), dict(answer.headers)
        except urllib.error.HTTPError as error:
            status, payload, answer_headers = error.code, error.read(), dict(error.headers)
        parsed = json.loads(payload) if payload else None
        if check and status != 429:
            problem = check_over_http(method, path, status, parsed)
            assert problem is None, problem
            CONTRACT_TOTAL["checked"] += 1
        return status, parsed, answer_headers

    def advance(self, seconds: float) -> None:
        assert self.call("POST", "/_mock/clock/advance", {"seconds": seconds})[0] == 200


class Recorder(Http):
    """`mock-api record` as a process, on a free port."""

    def __init__(self, upstream: str, out: Path, *flags: str):
        command = [sys.executable, "-m", "mock_api.cli", "record", "--upstream", upstream, "--out", str(out),
                   "--port", "0", *flags]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.process.stdout.readline().strip()
        match = re.fullmatch(r"mock_api recording on (http://127\.0\.0\.1:\d+) -> (\S+)", first)
        if not match:
            self.process.kill()
            raise AssertionError(f"unexpected first line {first!r}: {self.process.stderr.read()}")
        super().__init__(match.group(1))
        self.upstream = match.group(2)

    def stop(self, sig=signal.SIGINT) -> Tuple[int, str, str]:
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def record():
    recorders: List[Recorder] = []

    def start(upstream: str, out: Path, *flags: str) -> Recorder:
        recorders.append(Recorder(upstream, out, *flags))
        return recorders[-1]

    yield start
    for recorder in recorders:
        recorder.kill()


def start_upstream(serve_process, *args: str) -> Any:
    """The stand-in for the real API: realistic timings, a forced error for `declined-*`
    subscriptions, and one 429 on the first task poll."""
    server = serve_process("--profile", "realistic", "--seed", "7", *args)
    # for every account (global), as the real API behaves for everyone
    status, _ = server.call("POST", "/_mock/scenarios", raw=DECLINED.encode(), content_type="application/yaml",
                           headers=None)
    assert status == 201, status
    assert server.call("POST", "/_mock/faults", RATE_LIMIT, headers=None)[0] == 201
    return server


@pytest.fixture
def upstream(serve):
    return start_upstream(serve)


# ---------------------------------------------------------------- the flow, as an SDK runs it


def run_task(http: Http, method: str, path: str, body: Any = None) -> Dict[str, Any]:
    """Create a task and poll it to the end; what the client saw (429 answers retried at once)."""
    status, created, _ = http.call(method, path, body)
    assert status in (200, 202), created
    seen = {"commandType": created["commandType"], "statuses": [created["status"]], "rateLimited": 0}
    for wait in BACKOFF:
        if wait:
            http.advance(wait)
        status, task, headers = http.call("GET", f"/v1/tasks/{created['taskId']}")
        while status == 429:
            assert headers.get("X-Rate-Limit-Remaining") == "0"  # the upstream's header, passed through
            seen["rateLimited"] += 1
            status, task, headers = http.call("GET", f"/v1/tasks/{created['taskId']}")
        seen["statuses"].append(task["status"])
        if task["status"] in ("processing-completed", "processing-error"):
            response = task.get("response", {})
            seen["outcome"] = {key: response.get(key) for key in ("error", "additionalInfo", "resource")}
            seen["resourceId"] = response.get("resourceId")
            return seen
    raise AssertionError(f"{path}: still {seen['statuses'][-1]}")


def read_until(http: Http, path: str, wanted: str) -> List[str]:
    """Read a resource (30 s apart) until it shows ``wanted`` (``gone``: 404)."""
    statuses = []
    for _ in range(40):
        status, body, _ = http.call("GET", path)
        statuses.append("gone" if status == 404 else body["status"])
        if statuses[-1] == wanted:
            return statuses
        http.advance(30)
    raise AssertionError(f"{path}: {statuses}")


def run_flow(http: Http) -> List[Dict[str, Any]]:
    assert http.call("POST", "/_mock/clock/freeze")[0] == 200  # exact timings, whatever the machine's load
    tasks = []
    ok = run_task(http, "POST", "/v1/subscriptions", {**SUBSCRIPTION, "name": "ok-sub"})
    sub = ok["resourceId"]
    ok["reads"] = read_until(http, f"/v1/subscriptions/{sub}", "active")
    tasks.append(ok)
    tasks.append(run_task(http, "POST", "/v1/subscriptions", {**SUBSCRIPTION, "name": "declined-1"}))
    tasks.append(run_task(http, "POST", f"/v1/subscriptions/{MISSING_SUBSCRIPTION}/databases",
                          {"name": "db-1", "datasetSizeInGb": 1}))  # told apart by its path only
    database = run_task(http, "POST", f"/v1/subscriptions/{sub}/databases", {"name": "db-1", "datasetSizeInGb": 1})
    db_path = f"/v1/subscriptions/{sub}/databases/{database['resourceId']}"
    database["reads"] = read_until(http, db_path, "active")
    tasks.append(database)
    tasks.append(run_task(http, "GET", f"/v1/subscriptions/{sub}/cidr"))
    tasks.append(run_task(http, "POST", "/v1/acl/users",
                          {"name": "ci-user", "role": "no-such-role", "password": ACL_PASSWORD}))
    deleted = run_task(http, "DELETE", db_path)
    deleted["reads"] = read_until(http, db_path, "gone")
    tasks.append(deleted)
    return tasks


def compared(tasks: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """What must be the same in the replay: everything but ids and the injected 429s."""
    return [{key: value for key, value in task.items() if key not in ("resourceId", "rateLimited")} for task in tasks]


def written_text(folder: Path) -> str:
    return "\n".join(path.read_text() for path in sorted(folder.iterdir()) if path.is_file())


# ---------------------------------------------------------------- round trip


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    """The flow recorded once for this module: (what the client saw, the output folder, stdout)."""
    from served import Served

    upstream = start_upstream(Served)
    out = tmp_path_factory.mktemp("record") / "recorded"
    recorder = Recorder(upstream.url, out, "--quiet")
    try:
        seen = run_flow(recorder)
        # a client that sends Basic credentials: they must not reach the files either
        assert recorder.call("GET", "/v1/tasks", headers=BASIC)[0] == 200
        returncode, stdout, stderr = recorder.stop(signal.SIGINT)
    finally:
        recorder.kill()
        upstream.kill()
    assert returncode == 0 and "Traceback" not in stderr, stderr
    assert not upstream.contract_failures, upstream.contract_failures
    return seen, out, stdout, upstream.url


def test_a_recorded_flow_replays_with_the_same_statuses_outcomes_and_error_triples(recording, serve):
    recorded, out, stdout, _ = recording
    assert f"wrote {out / 'recorded.yaml'}" in stdout
    assert "7 finished tasks" in stdout
    # what the recording saw, before replaying it
    assert [task["outcome"]["error"]["type"] for task in recorded if task["outcome"]["error"]] == [
        "PAYMENT_INFO_NOT_PROVIDED", "SUBSCRIPTION_NOT_FOUND", "ACL_ROLE_DOES_NOT_EXISTS"]
    assert sum(task["rateLimited"] for task in recorded) == 1
    assert recorded[0]["statuses"] == ["received", "received", "received", "processing-in-progress",
                                       "processing-in-progress", "processing-in-progress", "processing-completed"]
    assert recorded[-1]["reads"][-1] == "gone"

    replay = Http(serve("--scenarios", str(out)).url)
    replayed = run_flow(replay)
    for before, after in zip(compared(recorded), compared(replayed), strict=True):
        assert after == before, f"{before['commandType']}: recorded {before}, replayed {after}"


def test_the_recording_is_one_scenario_per_behaviour_matched_where_the_recording_tells_them_apart(recording):
    _, out, _, upstream_url = recording
    text = (out / "recorded.yaml").read_text()
    assert text.startswith("# Recorded by `mock-api record` (mock_api ")
    assert text.splitlines()[0].endswith(f"from {upstream_url}")
    scenarios = {s["name"]: s for s in yaml.safe_load(text)["scenarios"]}
    declined = scenarios["recorded-subscription-create-payment-info-not-provided"]
    assert declined["match"] == {"commandType": "subscriptionCreateRequest", "body": {"name": "declined-1"}}
    assert declined["steps"] == [{"status": "received", "polls": 3, "seconds": 2},
                                 {"status": "processing-in-progress", "polls": 1, "seconds": 5}]
    assert declined["outcome"] == {"error": {"type": "PAYMENT_INFO_NOT_PROVIDED", "status": "400 BAD_REQUEST",
                                             "description": "Payment info is not provided"},
                                   "additionalInfo": "rcp-cannot-provision-without-plan"}
    # the completed create is the commandType's fallback, after the matched error
    names = list(scenarios)
    assert names.index("recorded-subscription-create") > names.index(declined["name"])
    # pending from the task's completion (its timestamp, to the millisecond) to the read that saw active
    assert scenarios["recorded-subscription-create"]["resource"] == {
        "steps": [{"status": "pending", "polls": 10, "seconds": pytest.approx(314, abs=0.002)}], "final": "active"}
    orphan = scenarios["recorded-database-create-subscription-not-found"]
    assert orphan["match"]["params"] == {"subscriptionId": str(MISSING_SUBSCRIPTION)}
    assert scenarios["recorded-database-delete"]["resource"]["final"] == "gone"
    assert scenarios["recorded-cidr-get"]["outcome"] == {
        "response": {"resource": {"cidr_ips": [], "security_group_ids": [], "errors": []}}}
    validated = subprocess.run([sys.executable, "-m", "mock_api.cli", "validate", str(out)],
                               capture_output=True, text=True, timeout=60)
    assert validated.returncode == 0, validated.stderr
    assert "429 1 time(s)" in (out / "recording.md").read_text()


def test_no_credential_or_password_reaches_the_files(recording):
    _, out, _, _ = recording
    text = written_text(out)
    assert "recorded-acl-user-create-acl-role-does-not-exists" in text
    for secret in (KEY, SECRET, ACL_PASSWORD, BASIC["Authorization"].split()[1]):
        assert secret not in text


def test_anonymize_replaces_ids_and_names_consistently(serve, record, tmp_path):
    upstream = start_upstream(serve, "--links", "v1")  # production's `links` array this time
    out = tmp_path / "anonymized"
    recorder = record(upstream.url, str(out), "--quiet", "--anonymize")
    recorder.call("POST", "/_mock/clock/freeze")
    ok = run_task(recorder, "POST", "/v1/subscriptions", {**SUBSCRIPTION, "name": "ok-sub"})
    read_until(recorder, f"/v1/subscriptions/{ok['resourceId']}", "active")
    run_task(recorder, "POST", "/v1/subscriptions", {**SUBSCRIPTION, "name": "declined-1"})
    run_task(recorder, "POST", f"/v1/subscriptions/{ok['resourceId']}/databases", {"name": "db-1"})
    assert recorder.stop()[0] == 0
    text = written_text(out)
    for real in ("ok-sub", "declined-1", "db-1", "plan-db", str(ok["resourceId"])):
        assert real not in text
    scenarios = yaml.safe_load((out / "recorded.yaml").read_text())["scenarios"]
    created = next(s for s in scenarios if s["name"] == "recorded-subscription-create")
    assert created["resource"]["final"] == "active"  # found through links[rel=resource]
    declined = next(s for s in scenarios if "error" in s["outcome"])
    # numbered in the order met: ok-sub is name-1, its creation-plan database plan-db name-2
    assert declined["match"]["body"] == {"name": "name-3"}
    report = (out / "recording.md").read_text()
    fake = re.search(r"\| /subscriptions/(\d+) \| pending", report).group(1)  # the subscription read…
    assert int(fake) > 9_000_000
    assert f"| POST /subscriptions/{fake}/databases |" in report  # …and the path of its database's creation
    assert "Anonymized" in text


# ---------------------------------------------------------------- --validate


def test_validate_reports_answers_outside_the_official_spec(upstream, record, tmp_path):
    drifted = {"id": "seven", "name": "x", "status": "active", "memoryStorage": "floppy"}
    assert upstream.call("POST", "/_mock/faults", {"action": "status", "status": 200, "method": "GET",
                                                    "path": "/subscriptions/*", "times": 1, "body": drifted},
                         headers=None)[0] == 201
    recorder = record(upstream.url, str(tmp_path / "out"), "--quiet", "--validate")
    assert recorder.call("GET", "/v1/subscriptions/100001", check=False)[1] == drifted  # answered unchanged
    assert recorder.call("GET", "/v1/subscriptions")[0] == 200  # a conforming answer: nothing to say
    returncode, stdout, stderr = recorder.stop(signal.SIGTERM)
    assert returncode == 0
    logged = [line for line in stderr.splitlines() if line.startswith("spec violation:")]
    assert "GET /v1/subscriptions/{subscriptionId} -> 200: id: wrong type (string, the spec says integer)" in stdout
    assert "GET /v1/subscriptions/{subscriptionId} -> 200: memoryStorage: unknown enum value ('floppy')" in stdout
    assert "2 answers checked against the official OpenAPI document; 2 violations (2 distinct)" in stdout
    assert len(logged) == 2
    assert "## Spec check" in (tmp_path / "out" / "recording.md").read_text()


def test_validate_reports_the_task_error_object_the_spec_types_as_a_string(upstream, record, tmp_path):
    """The official spec types `response.error` as a string enum; every real capture (and mock_api)
    answers an object: a known drift the check shows."""
    recorder = record(upstream.url, str(tmp_path / "out"), "--quiet", "--validate")
    run_task(recorder, "POST", "/v1/subscriptions", {**SUBSCRIPTION, "name": "declined-1"})
    _, stdout, _ = recorder.stop()
    assert "GET /v1/tasks/{taskId} -> 200: response.error: wrong type (object, the spec says string)" in stdout
    assert "response.error: unknown enum value" not in stdout  # the wrong type says it already


# ---------------------------------------------------------------- the proxy itself


def test_answers_pass_through_unchanged(upstream, record, tmp_path):
    recorder = record(upstream.url, str(tmp_path / "out"), "--quiet")
    direct = Http(upstream.url)
    direct.call("POST", "/_mock/clock/freeze")  # error bodies carry a timestamp: the same in both
    for path in ("/v1/subscriptions", "/v1/no-such-route", f"/v1/subscriptions/{MISSING_SUBSCRIPTION}"):
        (status, body, headers), (direct_status, direct_body, direct_headers) = \
            recorder.call("GET", path), direct.call("GET", path)
        assert (status, body) == (direct_status, direct_body)
        assert headers["Content-Type"] == direct_headers["Content-Type"]
    status, body, headers = recorder.call("POST", "/v1/subscriptions", raw=b"{not json")
    assert (status, body["status"], body["path"]) == (400, 400, "/v1/subscriptions")
    assert headers["Content-Type"] == "application/json"


def test_hostile_bodies_pass_through_and_the_recording_goes_on(upstream, record, tmp_path):
    out = tmp_path / "out"
    recorder = record(upstream.url, str(out), "--quiet", "--validate")
    recorder.call("POST", "/_mock/clock/freeze")  # error bodies carry a timestamp: the same in both
    deep = b"[" * 5000 + b"]" * 5000
    for raw in (deep, b"\xff\xfe not json", b'{"name": 1e400, "n": NaN}'):
        through = recorder.call("POST", "/v1/subscriptions", raw=raw, check=False)[:2]
        assert through == Http(upstream.url).call("POST", "/v1/subscriptions", raw=raw, check=False)[:2]
    run_task(recorder, "POST", "/v1/subscriptions", SUBSCRIPTION)
    returncode, stdout, stderr = recorder.stop()
    assert returncode == 0 and "Traceback" not in stderr and "recorder error" not in stderr
    assert "1 scenario from 1 finished task" in stdout


def test_an_unreachable_upstream_is_a_502_in_the_apis_error_body(record, tmp_path):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = record(f"http://127.0.0.1:{port}", str(tmp_path / "out"), "--quiet")
    status, body, _ = recorder.call("GET", "/v1/tasks", check=False)
    assert status == 502
    assert body["status"] == 502 and body["error"] == "Bad Gateway" and body["path"] == "/v1/tasks"
    assert "unreachable" in body["message"]
    returncode, stdout, _ = recorder.stop()
    assert returncode == 0 and "0 scenarios from 0 finished tasks" in stdout


@pytest.mark.parametrize("args, message", [
    (["--upstream", "ftp://example.org"], "is not an http:// or https:// URL"),
    (["--upstream", "http://127.0.0.1:1", "--timeout", "0"], "--timeout must be more than 0"),
    (["--upstream", "http://127.0.0.1:99999"], "Port out of range"),
])
def test_bad_options_stop_before_listening(tmp_path, capsys, args, message):
    from mock_api.cli import main

    assert main(["record", "--out", str(tmp_path), "--port", "0", *args]) == 2
    out, err = capsys.readouterr()
    assert message in err and out == ""


def test_an_output_folder_that_cannot_be_written_stops_before_listening(tmp_path, capsys):
    from mock_api.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert main(["record", "--upstream", "http://127.0.0.1:1", "--out", str(blocker / "sub"), "--port", "0"]) == 2
    assert "cannot write to" in capsys.readouterr().err


# ---------------------------------------------------------------- the export function (for any producer)


CLOUD_ACCOUNT = {"name": "aws-main", "provider": "AWS", "accessKeyId": "AKIA-EXAMPLE-1", "accessSecretKey": "s3cr3t-k3y",
                 "consoleUsername": "ops", "consolePassword": "first-Passw0rd", "signInLoginUrl": "https://signin"}
TRIPLE = {"type": "CLOUD_ACCOUNT_INVALID_CREDS", "status": "400 BAD_REQUEST",
          "description": "Cloud account credentials are invalid"}


def observed(body, outcome, received_polls=1, seconds=None):
    from mock_api.record import ObservedOutcome, ObservedStep, TaskObservation

    return TaskObservation("cloudAccountCreateRequest", "POST", "/cloud-accounts", {}, body,
                           (ObservedStep("received", received_polls, seconds),
                            ObservedStep("processing-in-progress", 1)), ObservedOutcome(**outcome))


def test_behaviours_told_apart_by_a_secret_only_are_reachable_by_name(tmp_path):
    from mock_api import create_app
    from mock_api.record import export_scenarios, render_yaml

    from conftest import Api

    # the same request but for its console password: a secret never tells behaviours apart
    exported = export_scenarios([observed(CLOUD_ACCOUNT, {}),
                                 observed({**CLOUD_ACCOUNT, "consolePassword": "other-Passw0rd"}, {"error": TRIPLE})])
    text = render_yaml(exported.document, ["header"])
    assert "Passw0rd" not in text and "s3cr3t" not in text and "AKIA" not in text
    completed, failed = exported.document["scenarios"]
    assert completed["match"] == failed["match"] == {"commandType": "cloudAccountCreateRequest"}
    assert f"X-Mock-Scenario: {failed['name']}" in failed["description"]
    path = tmp_path / "recorded.yaml"
    path.write_text(text)
    api = Api(create_app(scenarios=[str(path)]).test_client())
    assert api.run_task(api.post("/cloud-accounts", json=CLOUD_ACCOUNT))["status"] == "processing-completed"
    chosen = api.post("/cloud-accounts", json=CLOUD_ACCOUNT, headers={"X-Mock-Scenario": failed["name"]})
    assert api.run_task(chosen)["response"]["error"] == TRIPLE


def test_one_behaviour_is_merged_by_lower_median_and_the_export_is_deterministic():
    from mock_api.record import export_scenarios

    observations = [observed(CLOUD_ACCOUNT, {}, polls, seconds) for polls, seconds in ((4, 9.5), (2, 3.25), (3, 4))]
    first, again = export_scenarios(observations), export_scenarios(list(observations))
    assert first == again
    (scenario,) = first.document["scenarios"]
    assert scenario["steps"][0] == {"status": "received", "polls": 3, "seconds": 4}
    assert scenario["description"] == "Recorded from 3 tasks."


def test_what_cannot_be_replayed_is_noted_not_written():
    from mock_api.record import ObservedOutcome, ObservedStep, TaskObservation, export_scenarios

    steps = (ObservedStep("received", 1),)
    unknown = TaskObservation("rdiWorkspaceCreateRequest", "POST", "/subscriptions/5/data-integration/workspaces",
                              {}, None, steps, ObservedOutcome())
    malformed = TaskObservation("cloudAccountCreateRequest", "POST", "/cloud-accounts", {}, None, steps,
                                ObservedOutcome(error={"type": "X", "status": "bad", "description": "d"}))
    placeholder = observed(CLOUD_ACCOUNT, {"response": {"resource": {"note": "${taskId}"}}})
    exported = export_scenarios([unknown, malformed, placeholder])
    assert [s["outcome"] for s in exported.document["scenarios"]] == ["completed"]
    assert "'${'" in exported.document["scenarios"][0]["description"]
    assert any("not emulated by mock_api" in note for note in exported.notes)
    assert any("is not a triple" in note for note in exported.notes)


def test_a_step_shorter_than_a_second_is_written_by_its_polls_only():
    """Under a second, a recorded duration tells how fast the client polled, not the service: as
    seconds, a slower client replaying it would never see the status."""
    from mock_api.record import export_scenarios

    (scenario,) = export_scenarios([observed(CLOUD_ACCOUNT, {}, 2, 0.048)]).document["scenarios"]
    assert scenario["steps"][0] == {"status": "received", "polls": 2}


def test_the_spec_check_reads_openapi_3_0():
    """nullable, $ref to components, required, enums, statuses and paths, on a small document."""
    from mock_api.record.spec_check import SpecChecker

    spec = {"paths": {"/v1/things/{thingId}": {"get": {"responses": {
        "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "404": {"description": "Not Found"}}}}},
        "components": {"schemas": {"Thing": {"type": "object", "required": ["id"], "properties": {
            "id": {"type": "integer"}, "note": {"type": "string", "nullable": True},
            "kind": {"type": "string", "enum": ["a", "b"]}, "secretKey": {"type": "string", "enum": ["x"]}}}}}}
    logged = []
    checker = SpecChecker(spec, log=logged.append)
    assert checker.check("GET", "/v1/things/1", 200, {"id": 1, "note": None, "kind": "a"}) == []
    problems = checker.check("GET", "/things/2/", 200, {"note": 3, "kind": "c", "secretKey": "hunter22"})
    assert [(p.location, p.kind, p.detail) for p in problems] == [
        ("id", "missing field", "required by the spec"), ("kind", "unknown enum value", "'c'"),
        ("note", "wrong type", "integer, the spec says ['string', 'null']"), ("secretKey", "unknown enum value", "***")]
    assert checker.check("GET", "/v1/things/3", 404, None) == []  # documented, no body promised
    assert [p.kind for p in checker.check("GET", "/v1/things/3", 418, None)] == ["undocumented status"]
    assert [p.kind for p in checker.check("GET", "/v1/other", 200, {})] == ["undocumented operation"]
    assert checker.check("GET", "/v1/other", 404, {}) == []  # an unknown route refused: nothing promised
    assert len(logged) == 6 and "hunter22" not in "".join(logged)
    assert checker.summary()[0].endswith("6 violations (6 distinct)")
