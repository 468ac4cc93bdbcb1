"""The benchmark's figures: each printed as it is measured, with its target and PASS / FAIL, then
all of them in one table; the run fails (exit 1) when a target is missed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional


@dataclass(frozen=True)
class Figure:
    name: str
    value: str
    baseline: str
    ratio: str
    target: str
    met: Optional[bool]  # None: not measured here (skipped, with the reason in `value`)

    @property
    def verdict(self) -> str:
        return "SKIP" if self.met is None else "PASS" if self.met else "FAIL"


FIGURES: List[Figure] = []


def figure(name: str, value: str, baseline: str, ratio: str, target: str, met: bool) -> None:
    FIGURES.append(Figure(name, value, baseline, ratio, target, met))
    print(f"  {'PASS' if met else 'FAIL'}  {name}: {value} (baseline {baseline}, ratio {ratio}; target {target})",
          flush=True)


def skipped(name: str, why: str, target: str) -> None:
    FIGURES.append(Figure(name, f"skipped: {why}", "-", "-", target, None))
    print(f"  SKIP  {name}: {why} (target {target})", flush=True)


def section(title: str) -> None:
    print(f"\n{title}", flush=True)


def summary() -> int:
    """The table of every figure; 1 if a target was missed, else 0."""
    header = Figure("figure", "value", "baseline", "ratio", "target", None)
    rows = [header] + FIGURES
    widths = [max(len(getattr(row, column)) for row in rows) for column in ("name", "value", "baseline", "ratio",
                                                                             "target")]
    print()
    for row in rows:
        cells = (row.name, row.value, row.baseline, row.ratio, row.target)
        print("  ".join(cell.ljust(width) for cell, width in zip(cells, widths)) + "  "
              + ("result" if row is header else row.verdict))
    missed = [f.name for f in FIGURES if f.met is False]
    measured = [f for f in FIGURES if f.met is not None]
    print(f"\n{len(measured) - len(missed)} of {len(measured)} targets met"
          + (f"; missed: {'; '.join(missed)}" if missed else "")
          + (f"; {len(FIGURES) - len(measured)} skipped" if len(measured) < len(FIGURES) else ""))
    return 1 if missed else 0
