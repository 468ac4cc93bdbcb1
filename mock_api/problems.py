"""What is wrong in a file, and where: ``file:line:col: path: reason``.

Apart from the YAML reader (yamlsource.py) so that code which only reports or catches problems
(the command line, the control API, request bodies' checks) does not load the reader: `mock-api
serve` imports only what its first request needs (docs/performance.md, "Start-up").
"""

from typing import NamedTuple

PathKey = tuple[str | int, ...]


class Problem(NamedTuple):
    source: str
    line: int
    column: int
    where: str  # dotted path in the document, e.g. scenarios[0].steps[1].polls
    reason: str

    def __str__(self) -> str:
        where = f" {self.where}:" if self.where else ""
        return f"{self.source}:{self.line}:{self.column}:{where} {self.reason}"


class SourceError(Exception):
    """One or more problems in scenario sources; nothing from them was loaded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def path_text(path: PathKey) -> str:
    """``scenarios[0].steps[1]``; a very deep path keeps its two ends (a message stays readable)."""
    text = ""
    for index, part in enumerate(path):
        if len(path) > 16 and 8 <= index < len(path) - 6:
            text += "…" if index == 8 else ""
            continue
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
