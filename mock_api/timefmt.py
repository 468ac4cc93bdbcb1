"""Timestamp formats of the real API (facts §9)."""
from __future__ import annotations

from datetime import datetime, timezone


def _seconds(moment: datetime) -> str:
    # Formatted by hand: strftime is the slowest part of listing 10,000 tasks.
    if moment.utcoffset():
        moment = moment.astimezone(timezone.utc)
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
            f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}")


def task_time_hal(moment: datetime) -> str:
    """The documented form: milliseconds and Z, e.g. 2019-08-08T09:07:39.826Z."""
    return f"{_seconds(moment)}.{moment.microsecond // 1000:03d}Z"


def task_time_v1(moment: datetime) -> str:
    """What production sends: nanoseconds, trailing zeros trimmed, e.g. 2025-11-07T15:44:29.811142433Z."""
    fraction = f"{moment.microsecond:06d}000".rstrip("0")
    return f"{_seconds(moment)}.{fraction}Z" if fraction else f"{_seconds(moment)}Z"


def resource_time(moment: datetime) -> str:
    """Resource timestamps (activatedOn, lastModified, creationDate) have no fraction."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def error_time(moment: datetime) -> str:
    """Spring's error bodies: milliseconds and an offset, e.g. 2025-01-17T09:34:25.803+00:00."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+00:00"
