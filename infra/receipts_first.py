"""Receipts first: a worker's letters wait while cases are being opened in it (issue 20).

A sender's receipt waits for the new case's first workflow task (its look-up and alerts). On
two cores a letter written meanwhile takes the CPU that task and the server need: with letters
held back only by the machine's CPU (the SDK's resource-based slots) they still kept pace with
the burst, and intake ran at 0.6-0.8 of the floor's rate; with none at all during the burst,
at 1.0. So the activity slots (letters above all) are handed out only once no case has opened
in this worker for a moment, and the letters follow the burst on the whole machine.

The signal is the case's own: the local activity `look_up_opening`, which runs once in every
case that opens, marks the moment (an activity interceptor, outside the workflow's code). No
letter waits for good: a slot asked for longer than `LETTERS_HELD_AT_MOST` ago is handed out
anyway, so a burst that lasts (a migration of thousands of cases) lets a trickle of letters
through, and the same-day confirmation to Kronofogden keeps its day.
"""

import asyncio
import threading
import time
from datetime import timedelta
from typing import Any

from temporalio import activity
from temporalio.worker import (
    ActivityInboundInterceptor,
    CustomSlotSupplier,
    ExecuteActivityInput,
    Interceptor,
    SlotMarkUsedContext,
    SlotPermit,
    SlotReleaseContext,
    SlotReserveContext,
)

from activities.case_activities import CaseActivities

# The activity that runs once in every case that opens: its start marks an opening.
OPENING_ACTIVITY = CaseActivities.look_up_opening.__name__
# How long a slot asked for may be held back by openings before it is handed out regardless.
LETTERS_HELD_AT_MOST = timedelta(seconds=60)
# How often a held request looks again at most (a slot's release wakes it at once; the end of
# the quiet, when it is held by openings), and how late after the quiet's start (the event
# loop's timer may fire a little early).
_LOOK_AGAIN = 0.25
_LATE = 0.005


class Openings:
    """When a case last opened in this worker process (monotonic seconds)."""

    def __init__(self) -> None:
        self._last = float("-inf")

    def opened(self) -> None:
        self._last = time.monotonic()

    def seconds_since(self) -> float:
        return time.monotonic() - self._last


class _WatchOpenings(ActivityInboundInterceptor):
    def __init__(self, next: ActivityInboundInterceptor, openings: Openings) -> None:
        super().__init__(next)
        self._openings = openings

    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        info = activity.info()
        if info.is_local and info.activity_type == OPENING_ACTIVITY:
            self._openings.opened()
        return await self.next.execute_activity(input)


class OpeningWatch(Interceptor):
    """Marks each case that opens in this worker, for `LetterSlots`."""

    def __init__(self, openings: Openings) -> None:
        self._openings = openings

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _WatchOpenings(next, self._openings)


class LetterSlots(CustomSlotSupplier):
    """At most `slots` activities at once, and none started while a case opened in this worker
    less than `quiet` ago (a request held longer than `LETTERS_HELD_AT_MOST` goes anyway).

    Core calls `release_slot` from its own threads: the count is kept under a lock, and a
    release wakes the requests waiting on the worker's event loop."""

    def __init__(self, openings: Openings, slots: int, quiet: timedelta) -> None:
        self._openings = openings
        self._slots = slots
        self._quiet = quiet.total_seconds()
        self._taken = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._freed: asyncio.Event | None = None

    def _take(self, asked_at: float | None) -> SlotPermit | float | None:
        """A permit; or, held back by openings, the seconds until the quiet would begin (or
        until the request has been held long enough); None when every slot is taken."""
        with self._lock:
            if self._taken >= self._slots:
                return None
            held = time.monotonic() - asked_at if asked_at is not None else 0.0
            quiet_in = self._quiet - self._openings.seconds_since()
            held_in = LETTERS_HELD_AT_MOST.total_seconds() - held
            if quiet_in > 0 and held_in > 0:
                return min(quiet_in, held_in)
            self._taken += 1
            return SlotPermit()

    async def reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit:
        if self._freed is None:
            self._loop, self._freed = asyncio.get_running_loop(), asyncio.Event()
        asked_at = time.monotonic()
        while True:
            self._freed.clear()
            taken = self._take(asked_at)
            if isinstance(taken, SlotPermit):
                return taken
            # Held by openings: look again the moment the quiet would begin, not a poll later
            # (the letters' start after a burst, issue 20); all slots taken: a release wakes it.
            look_again = _LOOK_AGAIN if taken is None else min(_LOOK_AGAIN, taken + _LATE)
            try:
                await asyncio.wait_for(self._freed.wait(), timeout=look_again)
            except TimeoutError:
                pass

    def try_reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit | None:
        taken = self._take(None)
        return taken if isinstance(taken, SlotPermit) else None

    def mark_slot_used(self, ctx: SlotMarkUsedContext) -> None:
        pass

    def release_slot(self, ctx: SlotReleaseContext) -> None:
        with self._lock:
            self._taken -= 1
        if self._loop is not None and self._freed is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._freed.set)
