"""From a wheel into a fresh virtualenv: the package alone serves from any folder, and the example
project's suite passes with only mock_api installed (no conftest of this repo), also under xdist."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, cwd=None, timeout=600):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                            env={k: v for k, v in os.environ.items() if not k.startswith("PYTEST")})
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory):
    work = tmp_path_factory.mktemp("fresh")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work / "dist", ROOT)
    [wheel] = (work / "dist").glob("rediscloud_mock-*.whl")  # the distribution's own name
    # Without a pip of its own (bootstrapping one costs 5 s): this venv's pip installs into it.
    run(sys.executable, "-m", "venv", "--without-pip", work / "venv")
    python = work / "venv" / "bin" / "python"
    # mock_api, and what the example project itself uses
    run(sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel, "requests", "pytest",
        "pytest-xdist", "freezegun")
    return work, python


def test_installed_package_serves_from_any_folder(fresh_venv):
    work, python = fresh_venv
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    server = subprocess.Popen([str(work / "venv" / "bin" / "mock-api"), "serve", "--port", "0", "--quiet"],
                              cwd=elsewhere, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = re.fullmatch(r"mock_api listening on (\S+)", server.stdout.readline().strip()).group(1)
        request = urllib.request.Request(url + "/v1/tasks", headers={"x-api-key": "a", "x-api-secret-key": "b"})
        assert json.loads(urllib.request.urlopen(request, timeout=10).read()) == {"tasks": []}
        code = ("import mock_api, mock_api.scenarios as s; print(s.builtin_profiles(), mock_api.__file__)")
        out = run(python, "-c", code, cwd=elsewhere).stdout
        assert "['default', 'instant', 'realistic']" in out and "site-packages" in out
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_the_wheel_carries_its_license_and_types_and_needs_no_test_tools(fresh_venv):
    work, python = fresh_venv
    [wheel] = (work / "dist").glob("rediscloud_mock-*.whl")
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert any(n.endswith("licenses/LICENSE") for n in names) and "mock_api/py.typed" in names
    assert {f"mock_api/ui/{name}" for name in ("page.html", "dashboard.js", "draw.js", "dashboard.css")} <= set(names)
    assert metadata.splitlines()[1] == "Name: rediscloud-mock" and "pip install rediscloud-mock" in metadata
    runtime = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line]
    assert runtime and not any(tool in line for line in runtime for tool in ("pytest", "schemathesis", "hypothesis"))


def test_make_run_installs_only_what_serving_needs():
    dry = subprocess.run(["make", "-n", "-B", "run"], cwd=ROOT, capture_output=True, text=True).stdout
    installs = [line for line in dry.splitlines() if " install " in line]
    assert installs and all("[test]" not in line for line in installs), dry


@pytest.mark.parametrize("workers", [None, "2"])
def test_example_project_passes_with_only_mock_api_installed(fresh_venv, workers):
    work, python = fresh_venv
    project = work / f"example-{workers or 'serial'}"
    shutil.copytree(ROOT / "examples" / "redis_cloud_client", project,
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    extra = ["-n", workers] if workers else []
    result = run(python, "-m", "pytest", "-p", "no:cacheprovider", *extra, cwd=project)
    assert re.search(r"\b9 passed\b", result.stdout), result.stdout
