"""The account's history and the private-preview endpoint redirections, over HTTP: the system log
(made of finished tasks) and the session log with their filters, the cost report's download, and a
redirection's effect on the source database's traffic."""
from __future__ import annotations

import json

import pytest

from conftest import SUBSCRIPTION, Api, wait_for_status
from mock_api import create_app


@pytest.fixture(params=["hal", "v1"])
def api(request):
    return Api(create_app(links=request.param).test_client())


def test_system_log_shows_finished_tasks_newest_first_with_filters(api, freezer):
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    freezer.tick(60)
    failed = api.run_task(api.delete("/cloud-accounts/4242"))
    assert failed["status"] == "processing-error"
    entries = api.get("/logs").get_json()["entries"]
    assert [e["description"] for e in entries] == [
        "cloudAccountDeleteRequest failed: Cloud account was not found", f"Subscription {sub} was created"]
    assert entries[0]["id"] > entries[1]["id"] and entries[1]["resourceId"] == sub
    assert entries[1]["time"] == "2026-03-01T12:00:00Z" and entries[0]["apiKeyName"] == "test-key"
    assert api.get(f"/logs?resourceId={sub}").get_json()["entries"] == entries[1:]
    assert api.get("/logs?startTime=2026-03-01T12:00:30Z").get_json()["entries"] == entries[:1]
    assert api.get("/logs?endTime=2026-03-01T12:00:30Z").get_json()["entries"] == entries[1:]
    assert api.get("/logs?offset=1&limit=1").get_json()["entries"] == entries[1:]
    for bad in ("limit=0", "limit=1001", "offset=-1", "startTime=yesterday", "resourceId=x"):
        response = api.get(f"/logs?{bad}")
        assert response.status_code == 400, bad
        assert response.get_json()["message"].startswith("Bad Request: JSON parameter contains unsupported fields")
    assert api.as_account("other", "x").get("/logs").get_json()["entries"] == []  # each account its own


def test_session_log_is_empty_and_checks_its_paging(api):
    assert api.get("/session-logs?offset=0&limit=100").get_json()["entries"] == []
    assert api.get("/session-logs?limit=101").status_code == 400


@pytest.mark.parametrize("report_format, content", [("csv", b"BilledCost,"), ("json", b"[]")])
def test_cost_report_is_downloaded_from_the_id_its_task_gave(api, report_format, content):
    task = api.run_task(api.post("/cost-report", json={"startDate": "2025-01-01", "endDate": "2025-01-31",
                                                       "format": report_format}))
    report_id = task["response"]["resource"]["costReportId"]
    download = api.get(f"/cost-report/{report_id}")
    assert download.status_code == 200 and download.mimetype == "application/octet-stream"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{report_id}"'
    assert download.data.startswith(content)
    if report_format == "json":
        assert json.loads(download.data) == []
    assert api.get("/cost-report/never-made.csv").status_code == 404
    assert api.as_account("other", "x").get(f"/cost-report/{report_id}").status_code == 404


def test_an_endpoint_redirection_stops_the_source_traffic_until_resumed(api):
    sub = api.run_task(api.post("/subscriptions", json={**SUBSCRIPTION, "databases": [
        {"name": "source", "protocol": "redis"}, {"name": "target", "protocol": "redis"}]}))["response"]["resourceId"]
    wait_for_status(api, f"/subscriptions/{sub}", "active")
    source, target = [db["databaseId"] for db in
                      api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"]]
    traffic = f"/subscriptions/{sub}/databases/{source}/traffic"
    assert api.get(traffic).status_code == 404  # never the source of a redirection: not found, as the spec says

    request = {"sourceDatabaseId": source, "targetDatabaseId": target, "endpointTargetType": "public",
               "migrationProtection": True}
    created = api.post("/endpoint-redirections", json=request)
    assert created.status_code == 200
    redirection = created.get_json()
    assert (redirection["status"], redirection["sourceDatabaseId"], redirection["isRevert"]) == \
        ("in-progress", source, False)
    assert redirection["endpoints"][0]["sourceEndpointName"].startswith("redis-")
    status = api.get(f"/endpoint-redirections/{redirection['redirectionId']}").get_json()
    assert status["status"] == "completed" and status["completedAt"] == status["startedAt"]

    stopped = api.get(traffic).get_json()
    assert (stopped["bdbId"], stopped["trafficStatus"], stopped["canResume"]) == (source, "stopped", True)
    resumed = api.post(f"{traffic}/resume")
    assert resumed.status_code == 204 and resumed.data == b""
    assert api.get(traffic).get_json()["trafficStatus"] == "active"
    assert api.post(f"{traffic}/resume").status_code == 400  # nothing to resume

    reverted = api.post(f"/endpoint-redirections/{redirection['redirectionId']}/revert").get_json()
    assert reverted["status"] == "reverted" and reverted["revertedAt"]
    assert api.post(f"/endpoint-redirections/{redirection['redirectionId']}/revert").status_code == 400


def test_endpoint_redirection_refusals_change_nothing(api):
    sub = api.run_task(api.post("/subscriptions", json=SUBSCRIPTION))["response"]["resourceId"]
    db = api.get(f"/subscriptions/{sub}/databases").get_json()["subscription"][0]["databases"][0]["databaseId"]
    base = {"sourceDatabaseId": db, "targetDatabaseId": 4242, "endpointTargetType": "public",
            "migrationProtection": True}
    assert api.post("/endpoint-redirections", json=base).status_code == 404
    assert api.post("/endpoint-redirections", json={**base, "targetDatabaseId": db}).status_code == 400
    assert api.post("/endpoint-redirections", json={**base, "migrationProtection": False}).status_code == 400
    assert api.post("/endpoint-redirections", json={"sourceDatabaseId": db}).status_code == 400  # schema
    assert api.get(f"/subscriptions/{sub}/databases/{db}/traffic").status_code == 404
    assert api.get("/endpoint-redirections/00000000-0000-0000-0000-000000000000").status_code == 404
