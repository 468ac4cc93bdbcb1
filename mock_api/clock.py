"""The server's one clock, in UTC.

It reads ``datetime.now``, so a test's ``freezegun.freeze_time`` (frozen or ticking) moves every
task and resource, in-process and in a live server thread alike. On top of that it keeps an
offset (``advance``) and an optional frozen instant (``freeze``/``resume``), so time can be moved
without freezegun: from the pytest handle or the control API.
"""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import Optional


class Clock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset = timedelta(0)
        self._frozen_at: Optional[datetime] = None

    @staticmethod
    def _real_now() -> datetime:
        return datetime.now(timezone.utc)

    def now(self) -> datetime:
        with self._lock:
            base = self._frozen_at if self._frozen_at is not None else self._real_now()
            return base + self._offset

    def advance(self, seconds: float) -> datetime:
        if seconds < 0:
            raise ValueError("time never goes back: seconds must be zero or more")
        with self._lock:
            self._offset += timedelta(seconds=seconds)
        return self.now()

    def set(self, moment: datetime) -> datetime:
        """Jump to ``moment`` (never back: a status never goes back either)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        current = self.now()
        if moment < current:
            raise ValueError(f"time never goes back: {moment.isoformat()} is before {current.isoformat()}")
        return self.advance((moment - current).total_seconds())

    def freeze(self) -> datetime:
        with self._lock:
            if self._frozen_at is None:
                self._frozen_at = self._real_now()
        return self.now()

    def resume(self) -> datetime:
        """Let time run again from the frozen instant (no jump forward)."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset += self._frozen_at - self._real_now()
                self._frozen_at = None
        return self.now()

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None
