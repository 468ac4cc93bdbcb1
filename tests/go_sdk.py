"""The official Go SDK's transport and task waiter, and terraform-plugin-sdk's waits, in Python
(tests only): the same requests, the same strictness, the same rules per poll, with every sleep
moving the mock's clock instead of the test's (go-sdk-contract.md; facts §7.3, §8)."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple

import requests

GO_SDK_HEADERS = {"Accept": "application/json", "Content-Type": "application/json",
                  "User-Agent": "rediscloud-go-api/0.52.1 (go1.25.5; linux; amd64)"}
# provider/utils/wait.go: the database states WaitForDatabaseToBeActive keeps waiting on.
DB_PENDING = ["draft", "pending", "active-change-pending", "rcp-active-change-draft", "active-change-draft",
              "rcp-draft", "rcp-change-pending", "proxy-policy-change-pending", "proxy-policy-change-draft",
              "dynamic-endpoints-creation-pending", "active-upgrade-pending", "bdb-update-pending"]
# resource_rediscloud_essentials_database.go: the same minus the last two.
ESSENTIALS_DB_PENDING = DB_PENDING[:-2]


class GoSdk:
    """Strict decoding, the task waiter's rules, and a record of every request in order."""

    def __init__(self, handle):
        self.base = handle.v1_url  # the SDK appends paths to a base URL ending in /v1
        self.session = requests.Session()
        self.session.headers.update({**GO_SDK_HEADERS, "X-Api-Key": handle.key, "X-Api-Secret-Key": handle.secret})
        self.sleep = handle.advance
        self.polls = 0
        self.requests: List[Tuple[str, str]] = []  # (method, path) of every request, task polls included

    def call(self, method: str, path: str, body: Any = None, ok_404: bool = False) -> Optional[Any]:
        self.requests.append((method, path))
        response = self.session.request(method, self.base + path, json=body)
        if response.status_code == 404 and ok_404:
            return None
        assert response.status_code <= 299, f"{method} {path}: {response.status_code} {response.text}"
        assert response.headers.get("X-Rate-Limit-Remaining") in (None,) or \
            int(response.headers["X-Rate-Limit-Remaining"]) > 100
        return response.json()  # every 2xx body must decode, DELETE included

    def get(self, path: str, ok_404: bool = False) -> Optional[Any]:
        return self.call("GET", path, ok_404=ok_404)

    def wait(self, task_id: str) -> Dict[str, Any]:
        """internal/service.go waitForTaskToComplete: first poll at once, then 1 s, 2 s, 4 s … 30 s."""
        delay, not_found = 1.0, 0
        while True:
            self.polls += 1
            self.requests.append(("GET", f"/tasks/{task_id}"))
            response = self.session.get(f"{self.base}/tasks/{task_id}")
            if response.status_code == 404:
                not_found += 1
                assert not_found <= 5, "more than 5 404s on the task"
            else:
                assert response.status_code == 200
                task = response.json()
                error = (task.get("response") or {}).get("error")
                if error:
                    raise AssertionError(f"{error['status']} - {error['type']}: {error['description']}")
                if task["status"] == "processing-completed":
                    return task
                assert task["status"] in ("initialized", "received", "processing-in-progress"), \
                    f"task {task_id} failed {task['status']} - {task.get('description')}"
            self.sleep(delay)
            delay = min(delay * 2, 30)

    def run(self, method: str, path: str, body: Any = None) -> Dict[str, Any]:
        """A task-backed call and its wait (the SDK's Update, Delete…)."""
        return self.wait(self.call(method, path, body)["taskId"])

    def create(self, path: str, body: Any) -> int:
        """WaitForResourceId: the completed task must have `response`, its resourceId an integer."""
        task = self.run("POST", path, body)
        resource_id = task["response"]["resourceId"]
        assert type(resource_id) is int
        return resource_id

    def query(self, path: str) -> Any:
        """WaitForResource: a GET answering with a task; `response.resource` must be there."""
        return self.run("GET", path)["response"]["resource"]

    def list_databases(self, sub_id: int) -> List[Dict[str, Any]]:
        """Database.List's iterator: pages of 100 until an empty page or a 404."""
        offset, found = 0, []
        while True:
            page = self.call("GET", f"/subscriptions/{sub_id}/databases?limit=100&offset={offset}", ok_404=True)
            if page is None:
                return found
            assert len(page["subscription"]) == 1 and page["subscription"][0]["subscriptionId"] == sub_id, \
                "server didn't respond with just a single subscription"
            databases = page["subscription"][0].get("databases") or []
            if not databases:
                return found
            found += databases
            offset += 100


def state_change(sdk: GoSdk, refresh: Callable[[], Tuple[Any, str]], pending: List[str], target: List[str],
                 delay: float = 0, poll_interval: Optional[float] = None, timeout: float = 6 * 3600,
                 not_found_checks: int = 20) -> Any:
    """terraform-plugin-sdk's StateChangeConf: wait `delay`, then refresh until a target state. A state
    in neither list is an error; a nil result counts as not found (20 in a row fail); without a poll
    interval the wait between refreshes starts at 100 ms and doubles up to 10 s."""
    sdk.sleep(delay)
    waited, wait, missing = delay, 0.1, 0
    while waited <= timeout:
        result, state = refresh()
        if result is None:
            missing += 1
            assert missing <= not_found_checks, "resource not found"
        else:
            missing = 0
            if state in target:
                return result
            assert state in pending, f"unexpected state {state!r}, wanted target {target}"
        step = poll_interval if poll_interval is not None else wait
        sdk.sleep(step)
        waited += step
        wait = min(wait * 2, 10)
    raise AssertionError(f"timeout waiting for {target}")


def status_of(sdk: GoSdk, path: str, gone: Optional[str] = None) -> Callable[[], Tuple[Any, str]]:
    """A Refresh reading `status`; with `gone`, a 404 is that state (e.g. "deleted")."""
    def refresh():
        body = sdk.get(path, ok_404=gone is not None)
        return (gone, gone) if body is None else (body, body["status"])
    return refresh


# provider/utils/wait.go: WaitForSubscriptionToBeActive, WaitForDatabaseToBeActive
def subscription_active(sdk: GoSdk, sub: int) -> Any:
    return state_change(sdk, status_of(sdk, f"/subscriptions/{sub}"), ["pending"], ["active"], delay=10,
                        poll_interval=30)


def database_active(sdk: GoSdk, sub: int, db: int) -> Any:
    return state_change(sdk, status_of(sdk, f"/subscriptions/{sub}/databases/{db}"), DB_PENDING, ["active"],
                        delay=10, poll_interval=30)


def collapsed(calls: List[Tuple[str, str]]) -> List[str]:
    """The requests in order, each run of the same request (a wait's polls) as one line, task polls as
    `poll`: the sequence a provider sends, whatever the number of polls the profile needs."""
    lines: List[str] = []
    for method, path in calls:
        line = "poll" if path.startswith("/tasks/") else f"{method} {path}"
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def expect_types(body: Dict[str, Any], types: Dict[str, type]) -> None:
    """Go's strict decoding: a present field of the wrong JSON type fails the whole call."""
    for name, wanted in types.items():
        if name in body and body[name] is not None:
            value = body[name]
            ok = isinstance(value, wanted) and not (wanted in (int, float) and isinstance(value, bool))
            if wanted is float:
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            assert ok, f"{name}: {value!r} is not {wanted.__name__}"
