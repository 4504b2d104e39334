"""What a supervisor follows a case by: the deadlines missed and not yet dealt with, and the
facts the lists filter on. Pure; the workflow publishes them as search attributes, so a list
never has to ask each case in turn.
"""

from __future__ import annotations

from datetime import datetime

from domain.case import CaseState
from domain.deadlines import DeadlineName, DeadlineStatus
from domain.phase import Phase


def overdue(state: CaseState, now: datetime) -> list[DeadlineName]:
    """Deadlines missed and not yet dealt with, and pending ones past their date, in due order.

    When a miss counts as dealt with (a judgment, documented in the README):
    - the preassessment reminder and limit: once the preassessment is decided; the limit also
      once a special reason for a longer preassessment is recorded;
    - the confirmation to Kronofogden: once it was sent (late), which the case does at once;
    - the recovery period: once the officer has acted on it: an investigation opened, an
      agreement recorded, or the case closed;
    - the eviction: a missed eviction is one carried out without social services, recorded
      with its outcome, so it is dealt with when it is missed.
    A closed case has nothing overdue.
    """
    period = state.period
    if period.phase is Phase.CLOSED:
        return []
    found = []
    for name, deadline in sorted(period.deadlines.items(), key=lambda item: item[1].due_moment()):
        past_due = deadline.status is DeadlineStatus.PENDING and deadline.due_moment() <= now
        unresolved = deadline.status is DeadlineStatus.MISSED and not _dealt_with(state, name)
        if past_due or unresolved:
            found.append(name)
    return found


def _dealt_with(state: CaseState, name: DeadlineName) -> bool:
    period = state.period
    if name in (DeadlineName.PREASSESSMENT_REMINDER, DeadlineName.PREASSESSMENT_LIMIT):
        extended = name is DeadlineName.PREASSESSMENT_LIMIT and period.extension is not None
        return period.phase is not Phase.PREASSESSMENT or extended
    if name is DeadlineName.KFM_CONFIRMATION:
        return True  # the case sends the confirmation at once; a late one was sent late
    if name is DeadlineName.RECOVERY_PERIOD:
        return period.phase is not Phase.PREASSESSMENT or bool(state.agreements)
    return True


def eviction_ahead(state: CaseState) -> datetime | None:
    """The eviction's time while it has no outcome; a finished eviction is no longer ahead."""
    eviction = state.period.eviction
    return eviction.scheduled_at if eviction is not None and eviction.outcome is None else None
