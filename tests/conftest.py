"""Shared fixtures of the project's own suite (users get theirs from mock_api.pytest_plugin)."""
from __future__ import annotations

import sys

import pytest
# Imported here, once: pytester's in-process runs drop the modules first imported during them, and
# a PyYAML imported again keeps the first one's C extension, whose nodes the new module's classes
# do not recognise (documents refused or mis-tagged). mock_api imports PyYAML on first use, which
# may be inside such a run.
import yaml  # noqa: F401

from mock_api import create_app

pytest_plugins = ["pytester"]

KEY, SECRET = "test-key", "test-secret"
AUTH = {"x-api-key": KEY, "x-api-secret-key": SECRET}
# For inner pytest runs in a subprocess: this venv's Schemathesis and Hypothesis plugins load at
# every pytest start (about 0.6 s each time) and no inner suite uses them.
WITHOUT_FUZZ_PLUGINS = ("-p", "no:schemathesis", "-p", "no:hypothesispytest")


class Api:
    """A Flask test client that sends credentials, under /v1 unless told otherwise."""

    def __init__(self, client, headers=None, prefix="/v1"):
        self.client, self.headers, self.prefix = client, dict(AUTH if headers is None else headers), prefix

    def request(self, method, path, **kwargs):
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(self.prefix + path, method=method, headers=headers, **kwargs)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def as_account(self, key, secret):
        return Api(self.client, {"x-api-key": key, "x-api-secret-key": secret}, self.prefix)

    def run_task(self, response, max_polls=20):
        """Poll the task of a creating answer until it is finished; return the last body."""
        assert response.status_code < 300, response.get_json()
        task_id = response.get_json()["taskId"]
        for _ in range(max_polls):
            body = self.get(f"/tasks/{task_id}").get_json()
            if body["status"] in ("processing-completed", "processing-error"):
                return body
        raise AssertionError(f"task {task_id} still {body['status']} after {max_polls} polls")


SUBSCRIPTION = {
    "name": "sub-1",
    "paymentMethodId": 8240,
    "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1",
                                                         "networking": {"deploymentCIDR": "10.0.0.0/24"}}]}],
    "databases": [{"name": "plan-db", "protocol": "redis", "datasetSizeInGb": 1}],
}


@pytest.fixture(autouse=True)
def response_contract():
    """Every response produced during the test must match mock_api's OpenAPI document."""
    from flask import request_finished

    from mock_api.api.tasks import poll_answered
    from response_contract import CONTRACT_TOTAL, ResponseContract

    contract = ResponseContract()
    request_finished.connect(contract)
    poll_answered.connect(contract.poll)
    yield contract
    request_finished.disconnect(contract)
    poll_answered.disconnect(contract.poll)
    CONTRACT_TOTAL["checked"] += contract.checked
    assert not contract.failures, "responses outside the OpenAPI document:\n" + "\n".join(contract.failures)


def _totals() -> dict:
    """What this process counted: responses checked, requests fuzzed, state machine runs."""
    from response_contract import CONTRACT_TOTAL

    totals = {"checked": CONTRACT_TOTAL["checked"], "fuzzed": CONTRACT_TOTAL.get("fuzzed", 0)}
    machine = sys.modules.get("test_state_machine")
    for key in ("sequences", "steps", "requests"):
        totals[key] = machine.TOTALS[key] if machine is not None else 0
    return totals


_WORKER_TOTALS: list = []  # under xdist the controller runs no test: it sums what each worker counted


def pytest_sessionfinish(session):
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["mock_api_totals"] = _totals()


@pytest.hookimpl(optionalhook=True)  # an xdist hook: the suite also runs without xdist
def pytest_testnodedown(node, error):
    _WORKER_TOTALS.append(getattr(node, "workeroutput", {}).get("mock_api_totals", {}))


def pytest_terminal_summary(terminalreporter):
    totals = _totals()
    for worker in _WORKER_TOTALS:
        for key, value in worker.items():
            totals[key] = totals.get(key, 0) + value
    terminalreporter.write_line(f"mock_api: {totals['checked']} responses validated against the OpenAPI "
                                f"document; {totals['fuzzed']} requests fuzzed")
    if totals["sequences"]:
        terminalreporter.write_line(f"mock_api: state machine ran {totals['sequences']} sequences, "
                                    f"{totals['steps']} steps, {totals['requests']} requests")


@pytest.fixture
def app_config():
    """Override in a module (or parametrize) to configure the app."""
    return {}


@pytest.fixture
def app(app_config):
    return create_app(app_config)


@pytest.fixture
def api(app):
    return Api(app.test_client())


@pytest.fixture
def subscription(api):
    """The id of an active subscription (with its creation-plan database) in the default account."""
    created = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))
    sub_id = created["response"]["resourceId"]
    wait_for_status(api, f"/subscriptions/{sub_id}", "active")
    return sub_id


def wait_for_status(api, path, wanted, max_reads=20):
    for _ in range(max_reads):
        body = api.get(path).get_json()
        if body.get("status") == wanted:
            return body
    raise AssertionError(f"{path} still {body.get('status')} after {max_reads} reads")


@pytest.fixture
def serve():
    """Start `mock-api serve` subprocesses (killed afterwards); every answer they give through
    ``Served.call`` is checked against the OpenAPI document."""
    from served import Served

    servers = []

    def start(*args, cwd=None, quiet=True):
        server = Served(*args, cwd=cwd, quiet=quiet)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.kill()
    failures = [f for server in servers for f in server.contract_failures]
    assert not failures, "responses outside the OpenAPI document:\n" + "\n".join(failures)


@pytest.fixture
def freezer():
    """freezegun's frozen clock, started at a fixed instant; ``freezer.tick(seconds)`` moves it."""
    from freezegun import freeze_time

    with freeze_time("2026-03-01T12:00:00.123456Z") as frozen:
        yield frozen
