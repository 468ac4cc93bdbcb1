"""`mock-api serve` in a subprocess, and a small HTTP client for it (tests only)."""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any, Dict, Optional, Tuple

from response_contract import CONTRACT_TOTAL, check_over_http

AUTH = {"x-api-key": "test-key", "x-api-secret-key": "test-secret"}


class Served:
    def __init__(self, *args: str, cwd=None, quiet: bool = True):
        command = [sys.executable, "-m", "mock_api.cli", "serve", "--port", "0", *(["--quiet"] if quiet else []), *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=cwd)
        self.first_line = self.process.stdout.readline().strip()
        match = re.fullmatch(r"mock_api listening on (http://127\.0\.0\.1:(\d+))", self.first_line)
        if not match:
            self.process.kill()
            raise AssertionError(f"unexpected first line {self.first_line!r}: {self.process.stderr.read()}")
        self.url = match.group(1)
        self.contract_failures: list = []

    def call(self, method: str, path: str, body: Any = None, headers: Optional[Dict[str, str]] = AUTH,
             raw: Optional[bytes] = None, content_type: str = "application/json", timeout: float = 30,
             check: bool = True) -> Tuple[int, Any]:
        """One request; the answer is checked against the OpenAPI document unless ``check`` is False
        (an answer a fault rule made up is the test's own)."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={**(headers or {}), "Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, body = response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            status, body = error.code, json.loads(error.read())
        problem = check_over_http(method, path, status, body) if check else None
        CONTRACT_TOTAL["checked"] += int(check)
        if problem:
            self.contract_failures.append(problem)
        return status, body

    def stop(self, sig=signal.SIGINT):
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=10)
        return self.process.returncode, out, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()
