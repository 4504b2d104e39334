"""The typed search attributes supervisors filter cases on. None holds personal data.

The keys only, so that the supervisors' list loads no case model: the workflow computes their
values (`workflows/case_attributes.py`); the worker registers them (`infra/temporal.py`).
"""

from typing import Any

from temporalio.common import SearchAttributeKey

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
# The case in Swedish words for the Web UI's list column (issue 19: the other columns show codes
# and dates in the browser's format): phase, next deadline and its day, what is missed. No
# personal data; published by cases from `OVERVIEW_PATCH` on.
CASE_OVERVIEW = SearchAttributeKey.for_keyword("CaseOverview")

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
OVERVIEW_ATTRIBUTES: list[SearchAttributeKey[Any]] = [*SEARCH_ATTRIBUTES, CASE_OVERVIEW]
