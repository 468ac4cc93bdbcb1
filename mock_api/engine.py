"""The one place where a status is decided.

A *timeline* is an ordered list of steps (a status and how long it lasts) ending in a final status.
Tasks and resources both follow timelines. ``advance`` is a pure function of (timeline, recorded
progress, now, whether this read is a poll): no threads, no timers. Progress only moves when
something reads it, and a status never goes back because the step index only grows.

A step lasts ``polls`` answers, or ``seconds`` on the clock, or whichever comes first. The answer
that creates a task (or the moment a resource starts provisioning) counts as the first answer of
the first step, so ``received`` for 1 poll is seen by the creating answer only, and the first poll
already sees the next status.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import NamedTuple


# NamedTuples, not frozen dataclasses: why in docs/architecture.md ("Start-up reads what the first
# request needs").
class Step(NamedTuple):
    status: str
    polls: int | None = None
    seconds: float | None = None
    description: str | None = None  # overrides the status's usual description


class Timeline(NamedTuple):
    steps: tuple[Step, ...]
    final: str


class Progress(NamedTuple):
    """What has to be remembered between reads: where we are and since when.

    A tuple of plain values: cheap to replace on every poll, and left alone by the garbage
    collector however many tasks a server holds."""

    index: int  # index into timeline.steps; len(steps) means the final status
    entered_at: datetime  # when the current status began (a task's `timestamp`)
    polls: int = 0  # polls counted over the whole life
    entered_poll: int = 0  # number of the first poll that shows the current status
    held: bool = False  # held by the control API: no progress until released

    @staticmethod
    def start(now: datetime, shown_now: bool = True) -> "Progress":
        """``shown_now``: the answer that starts the timeline shows its first status (a creating
        answer does; a resource that starts provisioning when its task completes does not)."""
        return Progress(index=0, entered_at=now, entered_poll=0 if shown_now else 1)

    def is_final(self, timeline: Timeline) -> bool:
        return self.index >= len(timeline.steps)

    def status(self, timeline: Timeline) -> str:
        if self.is_final(timeline):
            return timeline.final
        return timeline.steps[self.index].status

    def step(self, timeline: Timeline) -> Step | None:
        return None if self.is_final(timeline) else timeline.steps[self.index]


def _enter_next(progress: Progress, at: datetime, shown_by_this_poll: bool) -> Progress:
    # A status entered by a poll is shown by that poll; one entered by the clock between two
    # polls is first shown by the next poll.
    first_poll = progress.polls if shown_by_this_poll else progress.polls + 1
    return progress._replace(index=progress.index + 1, entered_at=at, entered_poll=first_poll)


Entered = Callable[[Progress], None] | None  # told of each status entered (for a status history)


def advance(timeline: Timeline, progress: Progress, now: datetime, poll: bool = False,
            entered: Entered = None) -> Progress:
    """Return the progress as it stands at ``now`` (after counting one poll when ``poll``).
    ``entered``, if given, is called with the progress of each status entered on the way."""
    if progress.held:
        return progress._replace(polls=progress.polls + 1) if poll else progress
    # Time first: steps whose duration ran out before this read ended at their own deadline,
    # so the next status's timestamp is that deadline, not the time of the read.
    while not progress.is_final(timeline):
        step = timeline.steps[progress.index]
        if step.seconds is None:
            break
        deadline = progress.entered_at + timedelta(seconds=step.seconds)
        if deadline > now:
            break
        progress = _enter_next(progress, deadline, shown_by_this_poll=False)
        if entered is not None:
            entered(progress)
    if poll:
        progress = progress._replace(polls=progress.polls + 1)
        step = progress.step(timeline)
        if step is not None and step.polls is not None and progress.polls - progress.entered_poll >= step.polls:
            progress = _enter_next(progress, now, shown_by_this_poll=True)
            if entered is not None:
                entered(progress)
    return progress


def next_deadline(timeline: Timeline, progress: Progress) -> datetime | None:
    """When the current step ends by time alone (None if only polls can end it)."""
    step = progress.step(timeline)
    if step is None or step.seconds is None or progress.held:
        return None
    return progress.entered_at + timedelta(seconds=step.seconds)


def skip_step(timeline: Timeline, progress: Progress, now: datetime) -> Progress:
    """Force the next status now (control API), whatever the step's own duration."""
    if progress.is_final(timeline):
        return progress
    return _enter_next(progress, now, shown_by_this_poll=False)


def finish(timeline: Timeline, progress: Progress, now: datetime) -> Progress:
    """Jump to the final status now (control API: complete / fail)."""
    if progress.is_final(timeline):
        return progress
    return progress._replace(index=len(timeline.steps), entered_at=now, entered_poll=progress.polls, held=False)
