"""The typed search attributes supervisors filter cases on. None holds personal data.

The workflow keeps them current (`searchable`); the worker registers them on the server
(`infra/temporal.py`).
"""

from datetime import datetime
from typing import Any

from temporalio.common import SearchAttributeKey

from domain.case import CaseState
from domain.deadlines import DeadlineName
from domain.intake import tenant_is_elderly
from domain.supervision import eviction_ahead, overdue

CASE_TRACKS = SearchAttributeKey.for_keyword_list("CaseTracks")
CASE_PHASE = SearchAttributeKey.for_keyword("CasePhase")
NEXT_DEADLINE = SearchAttributeKey.for_datetime("NextDeadline")
NEXT_DEADLINE_KIND = SearchAttributeKey.for_keyword("NextDeadlineKind")
RECOVERY_PERIOD_END = SearchAttributeKey.for_datetime("RecoveryPeriodEnd")
EVICTION_AT = SearchAttributeKey.for_datetime("EvictionAt")
HAS_CHILDREN = SearchAttributeKey.for_bool("HasChildren")
DISTRICT = SearchAttributeKey.for_keyword("District")
LANDLORD = SearchAttributeKey.for_keyword("Landlord")
CASE_OFFICER = SearchAttributeKey.for_keyword("CaseOfficer")
CASE_NUMBER = SearchAttributeKey.for_keyword("CaseNumber")
# What a supervisor's morning list asks: missed and not dealt with (or pending past their date),
# a tenant of 65 or more, no personal contact yet.
OVERDUE_DEADLINES = SearchAttributeKey.for_keyword_list("OverdueDeadlines")
ELDERLY = SearchAttributeKey.for_bool("Elderly")
PERSONALLY_REACHED = SearchAttributeKey.for_bool("PersonallyReached")

# What cases published before the supervisors' list (issue 9); replay keeps it for them.
ORIGINAL_SEARCH_ATTRIBUTES: list[SearchAttributeKey[Any]] = [
    CASE_TRACKS,
    CASE_PHASE,
    NEXT_DEADLINE,
    NEXT_DEADLINE_KIND,
    RECOVERY_PERIOD_END,
    EVICTION_AT,
    HAS_CHILDREN,
    DISTRICT,
    LANDLORD,
    CASE_OFFICER,
]
SEARCH_ATTRIBUTES: list[SearchAttributeKey[Any]] = [
    *ORIGINAL_SEARCH_ATTRIBUTES,
    CASE_NUMBER,
    OVERDUE_DEADLINES,
    ELDERLY,
    PERSONALLY_REACHED,
]


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
        DISTRICT.name: state.district,
        LANDLORD.name: state.landlord,
        CASE_OFFICER.name: state.routing.officer_id if state.routing else None,
        CASE_NUMBER.name: state.case_number,
        OVERDUE_DEADLINES.name: [name.value for name in overdue(state, now)] or None,
        ELDERLY.name: tenant_is_elderly(state),
        PERSONALLY_REACHED.name: state.personally_reached(),
    }


def _eviction_time(state: CaseState) -> datetime | None:
    eviction = state.period.eviction
    return eviction.scheduled_at if eviction else None
