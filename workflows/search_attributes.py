"""The typed search attributes supervisors filter cases on. None holds personal data.

The workflow keeps them current (`searchable`); the worker registers them on the server
(`infra/temporal.py`).
"""

from typing import Any

from temporalio.common import SearchAttributeKey

from domain.case import CaseState
from domain.deadlines import DeadlineName

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

SEARCH_ATTRIBUTES: list[SearchAttributeKey[Any]] = [
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
    CASE_NUMBER,
]


def searchable(state: CaseState) -> dict[str, Any]:
    """Each attribute's value for the case now; None means unset."""
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
        EVICTION_AT.name: period.eviction.scheduled_at if period.eviction else None,
        HAS_CHILDREN.name: state.has_children,
        DISTRICT.name: state.district,
        LANDLORD.name: state.landlord,
        CASE_OFFICER.name: state.routing.officer_id if state.routing else None,
        CASE_NUMBER.name: state.case_number,
    }
