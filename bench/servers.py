"""Servers for the benchmark: `mock-api serve` and the bare baseline, each in a subprocess of its
own, only ever on 127.0.0.1; and what is read from them (resident memory, CPU time)."""
from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
AUTH = {"x-api-key": "bench", "x-api-secret-key": "bench-secret", "Accept": "application/json"}
SUBSCRIPTION = {"name": "bench", "cloudProviders": [{"provider": "AWS", "regions": [{"region": "us-east-1"}]}],
                "databases": [{"name": "db", "protocol": "redis", "datasetSizeInGb": 1}]}
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK  # utime, stime (fields 14, 15 of stat)


def mock_api_command(*args: str, quiet: bool = True) -> List[str]:
    return [sys.executable, "-m", "mock_api.cli", "serve", "--port", "0", *(["--quiet"] if quiet else []), *args]


def baseline_command(*args: str) -> List[str]:
    return [sys.executable, str(HERE / "baseline.py"), *args]


class Process:
    """A server started with ``command``, whose first stdout line is ``... listening on URL``; its
    stderr goes to a file (``stderr_text``), so that what it printed under load can be checked."""

    def __init__(self, command: List[str]):
        self.started = time.perf_counter()
        self._stderr = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self._stderr, text=True)
        line = self.process.stdout.readline().strip()
        if "listening on http://" not in line:
            self.process.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.stderr_text()}")
        self.url = line.rsplit(" ", 1)[1]
        host_port = self.url.split("//", 1)[1]
        self.host, self.port = host_port.rsplit(":", 1)[0], int(host_port.rsplit(":", 1)[1])
        assert self.host == "127.0.0.1", "the benchmark only talks to 127.0.0.1"
        self._connection: Optional[http.client.HTTPConnection] = None

    @property
    def pid(self) -> int:
        return self.process.pid

    def first_answer_seconds(self, path: str) -> float:
        """Launch to the first 200 (the socket is bound before the line is printed)."""
        while True:
            try:
                connection = http.client.HTTPConnection(self.host, self.port, timeout=5)
                connection.request("GET", path, headers=AUTH)
                if connection.getresponse().status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            if time.perf_counter() - self.started > 10:
                raise RuntimeError("no answer within 10 s")

    def call(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = None,
             raw: Optional[bytes] = None) -> Tuple[int, Any]:
        """One request on a kept-alive connection; the answer's status and JSON (None if empty). A
        connection the server closed while idle (after CHANNEL_TIMEOUT) is opened again."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        headers = {**AUTH, "Content-Type": "application/json", **(headers or {})}
        try:
            response = self._send(method, path, data, headers)
        except (http.client.RemoteDisconnected, ConnectionError):
            self._connection = None
            response = self._send(method, path, data, headers)
        content = response.read()
        if response.will_close:
            self._connection.close()
            self._connection = None
        return response.status, json.loads(content) if content else None

    def _send(self, method: str, path: str, data: Optional[bytes], headers: Dict[str, str]):
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        self._connection.request(method, path, body=data, headers=headers)
        return self._connection.getresponse()

    def create_finished_task(self, headers: Optional[Dict[str, str]] = None) -> str:
        """A subscription create, polled to its final state: every later poll is the same answer."""
        status, created = self.call("POST", "/v1/subscriptions", SUBSCRIPTION, headers)
        assert status == 202, (status, created)
        for _ in range(5):
            status, task = self.call("GET", f"/v1/tasks/{created['taskId']}", headers=headers)
            if task["status"] in ("processing-completed", "processing-error"):
                return created["taskId"]
        raise RuntimeError(f"task {created['taskId']} did not finish: {task}")

    def stderr_text(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
        self.process.terminate()
        self.process.wait(timeout=15)
        self.process.stdout.close()

