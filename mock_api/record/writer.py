"""A scenario document → YAML text, checked by the project's own scenario loader before anything is
written; files replaced atomically, every known secret redacted from their text."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from ..scenarios import load_sources
from ..problems import SourceError

SCENARIO_FILE = "recorded.yaml"
REPORT_FILE = "recording.md"


class _Flow(dict):
    """A mapping written on one line (steps, match): the file reads like the hand-written ones."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data,
                                                                             flow_style=True))


def _styled(entry: dict[str, Any]) -> dict[str, Any]:
    entry = dict(entry)
    entry["match"] = _Flow(entry["match"])
    entry["steps"] = [_Flow(step) for step in entry["steps"]]
    if "resource" in entry:
        entry["resource"] = {**entry["resource"], "steps": [_Flow(step) for step in entry["resource"]["steps"]]}
    return entry


def render_yaml(document: dict[str, Any], header: Sequence[str] = ()) -> str:
    """The document as a scenario file, ``header`` lines first as comments (safe dumper: plain data
    only; strings that YAML would read as another type are quoted)."""
    styled = {**document, "scenarios": [_styled(entry) for entry in document.get("scenarios", [])]}
    body = yaml.dump(styled, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    return comments + body


def _problem(entry: dict[str, Any], name: str) -> str | None:
    """Why the loader refuses this entry alone (None: it loads)."""
    try:
        load_sources([(name, render_yaml({"version": 1, "scenarios": [entry]}).encode())])
    except SourceError as error:
        return "; ".join(problem.reason for problem in error.problems)
    return None


def loadable(document: dict[str, Any], name: str = SCENARIO_FILE) -> tuple[dict[str, Any], list[str]]:
    """The document as the loader accepts it: an entry it refuses is written without its resource
    block, then without its recorded response, else left out; each such change is noted."""
    kept: list[dict[str, Any]] = []
    notes: list[str] = []
    for entry in document.get("scenarios", []):
        problem = _problem(entry, name)
        if problem is None:
            kept.append(entry)
            continue
        for label, changed in (("without its resource block", {k: v for k, v in entry.items() if k != "resource"}),
                               ("without its recorded response", {**entry, "outcome": "completed"}
                                if "response" in entry.get("outcome", {}) else None)):
            if changed is not None and _problem(changed, name) is None:
                kept.append(changed)
                notes.append(f"scenario {entry['name']}: written {label} ({problem})")
                break
        else:
            notes.append(f"scenario {entry['name']}: not written ({problem})")
    return {**document, "scenarios": kept}, notes


def write_text(folder: Path, name: str, text: str) -> Path:
    """Written whole or not at all: a temporary file in the same folder, then renamed over."""
    target = folder / name
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def check_writable(folder: Path) -> None:
    """Raises OSError now, rather than after a long recording, if ``folder`` cannot take the files."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, probe = tempfile.mkstemp(prefix=".mock-api-record.", dir=folder)
    os.close(handle)
    Path(probe).unlink()


def final_check(text: str, name: str) -> None:
    """The whole file, exactly as written, must load (raises SourceError otherwise)."""
    load_sources([(name, text.encode())])
