"""A tiny Redis Cloud client, the kind of code mock_api is for: it creates a subscription and a
database and waits on their tasks and provisioning the way the official Go SDK does (first poll at
once, then 1 s, 2 s, 4 s… capped at 30 s).

``transport`` and ``sleep`` are injectable: tests pass mock_api's in-process client and its virtual
clock; production would use the defaults (requests and time.sleep).
"""
from __future__ import annotations

import time
from typing import Any, Callable, Dict, Optional, Tuple

Transport = Callable[[str, str, Optional[dict]], Tuple[int, Any]]  # (method, path, body) -> (status, json)


class TaskFailed(Exception):
    def __init__(self, task: Dict[str, Any]):
        self.task = task
        self.error = task.get("response", {}).get("error", {})
        super().__init__(f"{self.error.get('status')} - {self.error.get('type')}: {self.error.get('description')}")


class ApiError(Exception):
    def __init__(self, status: int, body: Any):
        self.status, self.body = status, body
        super().__init__(f"HTTP {status}: {body}")


def requests_transport(base_url: str, key: str, secret: str) -> Transport:
    import requests

    session = requests.Session()
    session.headers.update({"x-api-key": key, "x-api-secret-key": secret, "Accept": "application/json"})

    def call(method: str, path: str, body: Optional[dict]) -> Tuple[int, Any]:
        response = session.request(method, base_url.rstrip("/") + path, json=body, timeout=30)
        return response.status_code, response.json()

    return call


class RedisCloudClient:
    def __init__(self, transport: Transport, sleep: Callable[[float], Any] = time.sleep, max_wait: float = 3600):
        self.call, self.sleep, self.max_wait = transport, sleep, max_wait

    def _ok(self, method: str, path: str, body: Optional[dict] = None) -> Any:
        status, payload = self.call(method, path, body)
        if status > 299:
            raise ApiError(status, payload)
        return payload

    # tasks
    def start(self, method: str, path: str, body: Optional[dict] = None) -> str:
        return self._ok(method, path, body)["taskId"]

    def wait_for_task(self, task_id: str) -> Dict[str, Any]:
        delay, waited = 1.0, 0.0
        while True:
            task = self._ok("GET", f"/tasks/{task_id}")
            if task["status"] == "processing-completed":
                return task
            if task["status"] == "processing-error":
                raise TaskFailed(task)
            if waited >= self.max_wait:
                raise TimeoutError(f"task {task_id} still {task['status']} after {waited:.0f}s")
            self.sleep(delay)
            waited += delay
            delay = min(delay * 2, 30.0)

    def wait_for_status(self, path: str, wanted: str = "active", interval: float = 10.0) -> Dict[str, Any]:
        waited = 0.0
        while True:
            body = self._ok("GET", path)
            if body["status"] == wanted:
                return body
            if waited >= self.max_wait:
                raise TimeoutError(f"{path} still {body['status']} after {waited:.0f}s")
            self.sleep(interval)
            waited += interval

    # resources
    def create_subscription(self, name: str, region: str = "us-east-1") -> int:
        body = {"name": name, "paymentMethodId": 1,
                "cloudProviders": [{"provider": "AWS", "regions": [{"region": region}]}],
                "databases": [{"name": "plan", "protocol": "redis", "datasetSizeInGb": 1}]}
        task = self.wait_for_task(self.start("POST", "/subscriptions", body))
        sub_id = task["response"]["resourceId"]
        self.wait_for_status(f"/subscriptions/{sub_id}")
        return sub_id

    def create_database(self, sub_id: int, name: str, size_gb: float = 1) -> int:
        self.wait_for_status(f"/subscriptions/{sub_id}")
        body = {"name": name, "protocol": "redis", "datasetSizeInGb": size_gb}
        task = self.wait_for_task(self.start("POST", f"/subscriptions/{sub_id}/databases", body))
        db_id = task["response"]["resourceId"]
        self.wait_for_status(f"/subscriptions/{sub_id}/databases/{db_id}")
        return db_id
