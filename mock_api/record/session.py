"""One recording: each proxied exchange goes to the tracker (and the spec check); on stop the
observations become scenario YAML and a report in the output folder."""
from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .. import __version__
from ..problems import SourceError
from .anonymize import anonymize
from .export import export_scenarios
from .masking import redact, redact_value, secret_values_in_body, secret_values_in_headers
from .proxy import Proxied, Upstream
from .report import render_report
from .spec_check import NOT_JSON, SpecChecker
from .tracker import Exchange, Tracker
from .writer import REPORT_FILE, SCENARIO_FILE, final_check, loadable, render_yaml, write_text

MAX_PARSED_BYTES = 8 << 20  # larger bodies pass through untouched, unread by the recorder
MAX_SECRETS = 10_000
MAX_KEPT_REQUEST_BYTES = 64 << 10


def parse_json(body: bytes, headers) -> Any:
    """The body as JSON (decompressed first, to a bounded size), None when empty, NOT_JSON when it is
    something else or too large to read."""
    if not body:
        return None
    encoding = next((value.lower() for name, value in headers if name.lower() == "content-encoding"), "")
    if encoding in ("gzip", "deflate"):
        try:  # bounded: a small compressed body may expand to gigabytes
            inflater = zlib.decompressobj(zlib.MAX_WBITS | (16 if encoding == "gzip" else 32))
            body = inflater.decompress(body, MAX_PARSED_BYTES + 1)
        except zlib.error:
            return NOT_JSON
    if len(body) > MAX_PARSED_BYTES:
        return NOT_JSON
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return NOT_JSON


def _time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Result:
    written: list[Path]
    scenarios: int
    tasks: int
    notes: list[str]
    spec_summary: list[str] = field(default_factory=list)


class Recording:
    def __init__(self, upstream: Upstream, out_dir: Path, anonymize_ids: bool = False, validate: bool = False,
                 log: Callable[[str], None] | None = None):
        self.upstream, self.out_dir, self.anonymize_ids = upstream, Path(out_dir), anonymize_ids
        self.tracker = Tracker(upstream.base_path)
        self.checker = SpecChecker(log=log) if validate else None
        self.started = datetime.now(timezone.utc)
        self._secrets: set[str] = set()
        self._lock = threading.Lock()

    def on_exchange(self, proxied: Proxied) -> None:
        request_body = parse_json(proxied.request_body, list(proxied.request_headers.items()))
        answer = parse_json(proxied.answer_body, proxied.answer_headers)
        found = secret_values_in_headers(proxied.request_headers)
        for body in (request_body, answer):
            secret_values_in_body(body, found)
        with self._lock:
            if len(self._secrets) < MAX_SECRETS:
                self._secrets.update(found)
        # A request body only serves to tell behaviours apart: a huge one is not kept.
        parsed = None if request_body is NOT_JSON or len(proxied.request_body) > MAX_KEPT_REQUEST_BYTES \
            else request_body
        self.tracker.observe(Exchange(proxied.method, proxied.target, proxied.status, parsed,
                                      None if answer is NOT_JSON else answer, proxied.wall))
        if self.checker is not None:
            self.checker.check(proxied.method, proxied.target, proxied.status, answer)

    def header(self, ended: datetime, tasks: int, scenarios: int) -> list[str]:
        lines = [f"Recorded by `mock-api record` (mock_api {__version__}) from {self.upstream.url}",
                 f"between {_time(self.started)} and {_time(ended)} (UTC): {tasks} finished task"
                 f"{'s' if tasks != 1 else ''}, {scenarios} scenario{'s' if scenarios != 1 else ''}.",
                 f"Replay: mock-api serve --scenarios {self.out_dir}   (what was seen: {REPORT_FILE})"]
        if self.anonymize_ids:
            lines.append("Anonymized: account ids, resource ids and names are replaced by fake ones.")
        return lines

    def finish(self) -> Result:
        """Writes the scenario file (when any task finished) and the report; returns what was done."""
        ended = datetime.now(timezone.utc)
        seen = self.tracker.report()
        tasks, resources = seen.tasks, seen.resources
        if self.anonymize_ids:
            anonymizer = anonymize(tasks, resources)
            tasks = [anonymizer.observation(task) for task in tasks]
            resources = {anonymizer.path(path): reads for path, reads in resources.items()}
        with self._lock:
            secrets = set(self._secrets)
        exported = export_scenarios(tasks)
        document, dropped = loadable(redact_value(exported.document, secrets))
        notes = seen.unfinished + list(exported.notes) + dropped
        if seen.orphan_polls:
            notes.append(f"{seen.orphan_polls} poll(s) of tasks whose creating answer did not pass through the "
                         "recorder: not written")
        if seen.dropped:
            notes.append(f"{seen.dropped} answer(s) past the recorder's bounds (tasks, polls per task, reads per "
                         "resource) were not kept")
        if seen.rate_limited:
            notes.append(f"the upstream answered 429 {seen.rate_limited} time(s): not replayed by the scenarios "
                         "(a `status` fault rule with 429 reproduces it)")
        count = len(document["scenarios"])
        header = self.header(ended, len(tasks), count)
        spec_summary = self.checker.summary() if self.checker is not None else []
        written = []
        if count:
            # Secrets were taken out of the data already; this pass catches one in the header.
            text = redact(render_yaml(document, header), secrets)
            try:
                final_check(text, str(self.out_dir / SCENARIO_FILE))
                written.append(write_text(self.out_dir, SCENARIO_FILE, text))
            except SourceError as error:
                notes.append(f"{SCENARIO_FILE} not written: the scenario loader refused it ({error})")
                count = 0
        if not count and (self.out_dir / SCENARIO_FILE).exists():
            notes.append(f"{SCENARIO_FILE} of an earlier recording is left as it was")
        report = render_report(header, tasks, resources, seen.shapes, notes, spec_summary)
        written.append(write_text(self.out_dir, REPORT_FILE, redact(report, secrets)))
        return Result(written, count, len(tasks), [redact(note, secrets) for note in notes], spec_summary)
