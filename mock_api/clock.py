"""Clocks in UTC: the server's, and one per account on top of it.

The server clock reads ``datetime.now``, so a test's ``freezegun.freeze_time`` (frozen or ticking)
moves every task and resource, in-process and in a live server thread alike. Each layer keeps an
offset (``advance`` / ``set``) and an optional frozen instant (``freeze`` / ``resume``). An account's
clock is a layer over the server's: a test that moves its own account's time moves nothing else,
so tests sharing one live server never see each other's clock.

Time is kept within [MIN_TIME, MAX_TIME] (1970 … 9000): far enough for any test, and far from
``datetime.max``, so that a deadline computed from it (at most ten days later) never overflows.
"""

import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import NamedTuple

MIN_TIME = datetime(1970, 1, 1, tzinfo=timezone.utc)
MAX_TIME = datetime(9000, 1, 1, tzinfo=timezone.utc)
RANGE_TEXT = "1970-01-01T00:00:00Z … 9000-01-01T00:00:00Z"


def real_now() -> datetime:
    return datetime.now(timezone.utc)


class ClockState(NamedTuple):
    offset: timedelta = timedelta(0)
    frozen_at: datetime | None = None  # the instant shown while frozen (offset included)


def _clamped(moment: datetime) -> datetime:
    return MIN_TIME if moment < MIN_TIME else MAX_TIME if moment > MAX_TIME else moment


class Clock:
    """One layer of time over ``base`` (the real clock, or the server's clock for an account).

    The state is one immutable tuple, replaced under a lock and read without one: ``now`` runs on
    every request."""

    def __init__(self, base: Callable[[], datetime] = real_now):
        self._base = base
        self._lock = threading.Lock()
        self._state = ClockState()

    def now(self) -> datetime:
        state = self._state
        if state.frozen_at is not None:
            return state.frozen_at
        try:
            return _clamped(self._base() + state.offset)
        except OverflowError:  # a layer far ahead of a base far ahead
            return MAX_TIME if state.offset > timedelta(0) else MIN_TIME

    @property
    def state(self) -> ClockState:
        return self._state

    @property
    def frozen(self) -> bool:
        return self._state.frozen_at is not None

    @property
    def changed(self) -> bool:
        """Moved or frozen since created or reset."""
        return self._state != ClockState()

    def advance(self, seconds: float) -> datetime:
        """Move forward; raises ValueError (nothing changed) if the result would leave the range."""
        if not seconds >= 0:  # also refuses NaN
            raise ValueError("time never goes back: seconds must be zero or more")
        with self._lock:
            current = self.now()
            try:
                target = current + timedelta(seconds=seconds)
            except OverflowError:
                target = None
            if target is None or target > MAX_TIME:
                raise ValueError(f"the clock stays within {RANGE_TEXT}: {current.isoformat()} + {seconds:g} s "
                                 "is past its end")
            state = self._state
            step = target - current
            if state.frozen_at is not None:
                self._state = ClockState(state.offset + step, target)
            else:
                self._state = ClockState(state.offset + step)
        return self.now()

    def set(self, moment: datetime) -> datetime:
        """Jump to ``moment`` (never back: a status never goes back either)."""
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone.utc)
        if not MIN_TIME <= moment <= MAX_TIME:
            raise ValueError(f"the clock stays within {RANGE_TEXT}, not {moment.isoformat()}")
        current = self.now()
        if moment < current:
            raise ValueError(f"time never goes back: {moment.isoformat()} is before {current.isoformat()}")
        return self.advance((moment - current).total_seconds())

    def freeze(self) -> datetime:
        with self._lock:
            if self._state.frozen_at is None:
                self._state = self._state._replace(frozen_at=self.now())
        return self.now()

    def resume(self) -> datetime:
        """Let time run again from the frozen instant (no jump forward)."""
        with self._lock:
            state = self._state
            if state.frozen_at is not None:
                self._state = ClockState(state.frozen_at - self._base())
        return self.now()

    def restore(self, state: ClockState) -> None:
        """Put back a state saved earlier (a fixture's teardown, a snapshot)."""
        with self._lock:
            self._state = state

    def reset(self) -> None:
        self.restore(ClockState())
