"""The plugin's promises, proven by inner suites (pytester): nothing a test changes reaches the next
test on the shared live server, in either order and under xdist; a failing test explains what the
mock saw; the fixtures are documented; the plugin costs nothing until used; the handle is typed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import WITHOUT_FUZZ_PLUGINS

ROOT = Path(__file__).resolve().parent.parent
SUB = ('{"cloudProviders": [{"regions": [{"region": "us-east-1"}]}], '
       '"databases": [{"name": "d", "protocol": "redis"}]}')

LEAKY_SUITE = f'''
import datetime, json, urllib.error, urllib.request
import pytest

SLOW = "scenarios:\\n  - name: slow\\n    match: {{commandType: subscriptionCreateRequest}}\\n" \\
       "    steps: [{{status: received, polls: 50}}]\\n    outcome: completed\\n"

def call(handle, method, path, body=None, headers=None, raw=None):
    data = raw.encode() if raw else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(handle.url + path, data=data, method=method,
                                     headers={{**(headers or {{}}), "Content-Type": "application/json"}})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())

def change_everything(h):
    h.advance(3600)                                                      # the handle: the account's clock
    call(h, "POST", "/_mock/clock/advance", {{"seconds": 7200}})           # raw HTTP: the server's clock
    call(h, "POST", "/_mock/faults", {{"action": "status", "status": 503}}) # raw HTTP: a global fault
    h.add_fault("status", status=429, path="/tasks")                      # the handle: the account's
    call(h, "POST", "/_mock/scenarios", raw=SLOW)                         # raw HTTP: a global scenario
    h.load_scenarios(SLOW.replace("slow", "slow-mine"))
    h.set_profile("realistic"), h.set_links("v1")
    call(h, "GET", "/v1/tasks", headers={{"x-api-key": "stranger", "x-api-secret-key": "s"}})  # a new account
    call(h, "POST", "/v1/subscriptions", json.loads({SUB!r}), headers=h.headers)

def sees_nothing(h):
    now = datetime.datetime.now(datetime.timezone.utc)
    assert call(h, "GET", "/_mock/faults")[1] == {{"faults": []}}
    assert "slow" not in [s["name"] for s in call(h, "GET", "/_mock/scenarios")[1]["scenarios"]]
    assert [a["accountId"] for a in call(h, "GET", "/_mock/accounts")[1]["accounts"]] == [h.account_id]
    status, task = call(h, "POST", "/v1/subscriptions", json.loads({SUB!r}), headers=h.headers)
    assert status == 202, task
    stamp = datetime.datetime.fromisoformat(task["timestamp"].replace("Z", "+00:00"))
    assert abs((stamp - now).total_seconds()) < 600, (stamp, now)           # no clock moved by hours
    assert "_links" in task                                                  # the server's links, not v1
    assert call(h, "GET", f"/v1/tasks/{{task['taskId']}}", headers=h.headers)[1]["status"] \\
        == "processing-in-progress"                                          # the default profile, not slow
    assert [t["taskId"] for t in h.tasks()] == [task["taskId"]]

@pytest.mark.xdist_group("leaks")
def test_1_sees_nothing(mock_api_live):
    sees_nothing(mock_api_live)

@pytest.mark.xdist_group("leaks")
def test_2_changes_everything(mock_api_live):
    change_everything(mock_api_live)

@pytest.mark.xdist_group("leaks")
def test_3_sees_nothing(mock_api_live):
    sees_nothing(mock_api_live)

@pytest.mark.xdist_group("leaks")
def test_4_changes_everything_and_fails(mock_api_live):
    change_everything(mock_api_live)
    raise RuntimeError("a failing test restores too")

@pytest.mark.xdist_group("leaks")
def test_5_sees_nothing(mock_api_live):
    sees_nothing(mock_api_live)
'''


@pytest.fixture
def inner(pytester):
    pytester.makeini("[pytest]\n")  # the inner suite must not read this project's setup.cfg
    return pytester


@pytest.mark.parametrize("args", [("-p", "no:randomly"), ("-p", "no:randomly", "-n", "2", "--dist", "loadgroup"),
                                  ("-p", "randomly", "-p", "no:cacheprovider")],
                         ids=["serial", "xdist", "random-order"])
def test_nothing_a_test_changes_reaches_the_next(inner, args):
    inner.makepyfile(LEAKY_SUITE)
    result = inner.runpytest_subprocess(*WITHOUT_FUZZ_PLUGINS, *args)
    result.assert_outcomes(passed=4, failed=1)


def test_a_failing_test_shows_what_the_mock_saw(inner):
    inner.makepyfile(f"""
        def test_fails(mock_api, mock_api_client):
            task = mock_api_client.post("/subscriptions", data={SUB!r}).get_json()
            mock_api_client.get("/tasks/" + task["taskId"])
            assert False, "the SDK under test gave up"
    """)
    result = inner.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*mock_api account test-*",
                                 "*POST /v1/subscriptions -> 202 subscriptionCreateRequest task=*",
                                 "*GET /v1/tasks/* -> 200*",
                                 "*subscriptionCreateRequest: received @ * (poll 0) → processing-in-progress @ *"])


def test_every_fixture_is_documented(inner):
    result = inner.runpytest("--fixtures")
    for name, words in {"mock_api_app": "fresh mock_api Flask app", "mock_api": "control handle",
                        "mock_api_client": "in-process client", "mock_api_server": "live server of this session",
                        "mock_api_live": "put back", "mock_api_settings": "markers"}.items():
        result.stdout.fnmatch_lines([f"{name}*", f"*{words}*"])


def test_the_plugin_imports_nothing_heavy():
    code = ("import sys, mock_api.pytest_plugin, mock_api; "
            "print(sorted(m for m in ('flask', 'waitress', 'yaml', 'jsonschema', 'werkzeug') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"


def test_the_handle_passes_mypy_strict():
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                             "--cache-dir", str(ROOT / ".mypy_cache"), "mock_api/testing.py"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
