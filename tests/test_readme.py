"""The README runs as written: every ```sh block is executed by bash (the server on free ports, as
its `PORT=${PORT:-8000}` lines allow), every ```python block as a test module of an inner pytest run.
```console blocks are shown, not run: they start the server for good or run this very suite.

curl and jq are what the README's flows use; without them these tests skip, saying so (CI installs
them and sets MOCK_API_REQUIRE_README_TOOLS=1, which turns the skip into a failure)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import WITHOUT_FUZZ_PLUGINS

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.S | re.M)


def blocks(language: str):
    text = (ROOT / "README.md").read_text()
    found = []
    for match in FENCE.finditer(text):
        if match.group(1) == language:
            heading = [line for line in text[:match.start()].splitlines() if line.startswith("#")][-1]
            found.append(pytest.param(match.group(2), id=f"{heading.lstrip('# ')}-{len(found)}"))
    return found


# What each shell block must print (its comments say so to the reader).
EXPECTED = {
    "Try it": ["processing-in-progress", '"status": "processing-completed"', "pending"],
    "Control API": ['["processing-error","PAYMENT_INFO_NOT_PROVIDED"]', "ci", "429", "200", '"reset":"account"'],
    "Record and replay": ["processing-in-progress", "processing-completed", "1"],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def tools():
    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    if missing:
        message = f"the README's shell flows need {', '.join(missing)} (Debian: apt-get install {' '.join(missing)})"
        if os.environ.get("MOCK_API_REQUIRE_README_TOOLS") == "1":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize("script", blocks("sh"))
def test_every_shell_block_runs_as_written(script, tools, tmp_path, request):
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PORT": str(free_port()), "UPSTREAM_PORT": str(free_port()), "REPLAY_PORT": str(free_port())}
    env.pop("MOCK_API_PORT", None)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    section = request.node.callspec.id.rsplit("-", 1)[0]
    for expected in next((v for k, v in EXPECTED.items() if section.startswith(k)), []):
        assert expected in result.stdout, f"{expected!r} not in:\n{result.stdout}"


def test_every_shell_block_is_covered_by_expectations():
    sections = {param.id.rsplit("-", 1)[0] for param in blocks("sh")}
    assert all(any(section.startswith(k) for k in EXPECTED) for section in sections), sections


@pytest.mark.parametrize("module", blocks("python"))
def test_every_python_block_passes_as_a_test_module(module, pytester):
    pytester.makeini("[pytest]\n")
    pytester.makepyfile(test_readme_block=module)
    result = pytester.runpytest_subprocess(*WITHOUT_FUZZ_PLUGINS, "-p", "no:randomly", "-p", "no:cacheprovider")
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 1 and not outcomes.get("failed") and not outcomes.get("errors"), \
        result.stdout.str()
