"""Each search attribute's value for a case now (the keys are in `search_attributes.py`)."""

from datetime import datetime
from typing import Any

from domain.case import CaseState
from domain.closed_set import within
from domain.deadlines import DeadlineName, local_date
from domain.intake import tenant_is_elderly
from domain.supervision import eviction_ahead, overdue
from domain.words import sv
from workflows.search_attributes import (
    CASE_NUMBER,
    CASE_OFFICER,
    CASE_OVERVIEW,
    CASE_PHASE,
    CASE_TRACKS,
    DISTRICT,
    ELDERLY,
    EVICTION_AT,
    HAS_CHILDREN,
    LANDLORD,
    NEXT_DEADLINE,
    NEXT_DEADLINE_KIND,
    OVERDUE_DEADLINES,
    PERSONALLY_REACHED,
    RECOVERY_PERIOD_END,
)


def searchable(state: CaseState, now: datetime, supervision: bool = True) -> dict[str, Any]:
    """Each attribute's value for the case now; None means unset. Without `supervision` (cases
    recorded before issue 9), EvictionAt keeps the eviction's time after its outcome."""
    period = state.period
    next_deadline = state.next_deadline()
    return {
        CASE_TRACKS.name: [track.value for track in state.tracks],
        CASE_PHASE.name: period.phase.value,
        NEXT_DEADLINE.name: next_deadline[1].starts_at() if next_deadline else None,
        NEXT_DEADLINE_KIND.name: next_deadline[0].value if next_deadline else None,
        RECOVERY_PERIOD_END.name: (
            period.deadlines[DeadlineName.RECOVERY_PERIOD].starts_at() if period.recovery else None
        ),
        EVICTION_AT.name: eviction_ahead(state) if supervision else _eviction_time(state),
        HAS_CHILDREN.name: state.has_children,
        DISTRICT.name: within(state.district, state.policy.districts),
        LANDLORD.name: within(state.landlord, state.policy.named_landlords),
        CASE_OFFICER.name: state.routing.officer_id if state.routing else None,
        CASE_NUMBER.name: state.case_number,
        OVERDUE_DEADLINES.name: [name.value for name in overdue(state, now)] or None,
        ELDERLY.name: tenant_is_elderly(state),
        PERSONALLY_REACHED.name: state.personally_reached(),
        CASE_OVERVIEW.name: overview(state, now),
    }


def overview(state: CaseState, now: datetime) -> str:
    """The case in Swedish for the Web UI's list: phase, the next deadline and its day, what is
    missed and not dealt with, children and 65+ (codes and browser dates read badly there)."""
    parts = [sv(state.period.phase)]
    next_deadline = state.next_deadline()
    if next_deadline:
        name, deadline = next_deadline
        parts.append(f"nästa: {sv(name)} {local_date(deadline.starts_at()).isoformat()}")
    missed = overdue(state, now)
    if missed:
        parts.append("missat: " + ", ".join(sv(name) for name in missed))
    if state.has_children:
        parts.append("barn")
    if tenant_is_elderly(state):
        parts.append("65+")
    return " · ".join(parts)


def _eviction_time(state: CaseState) -> datetime | None:
    eviction = state.period.eviction
    return eviction.scheduled_at if eviction else None
