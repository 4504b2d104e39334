"""The supervisors' list: open cases from Temporal visibility, filtered on the server by the
search attributes each case keeps current, sorted here (the dev server's visibility cannot
ORDER BY). Never a query to each case in turn.

A case publishes its attributes once its notice is taken in, after its first letter. Until then
(seconds, or as long as that letter cannot be written) it has none, and for a moment after,
visibility does not hold them yet. The unfiltered list still shows it, with its opening time and
its letter's attempts, or with the attributes the server's description of it holds, so no case
is missing from it; a run whose notice the server lost (issue 16: it ends by itself and never
lists) has none either, and is told apart by asking the server what it is doing (`not_yet_shown`).
"""

import asyncio
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.service import RPCError, RPCStatusCode

from domain.local_time import STOCKHOLM
from workflows import search_attributes as sa


@dataclass(frozen=True)
class CaseFilter:
    """Every filter a supervisor can combine; None or False: not filtered on."""

    overdue: bool = False
    due_within: timedelta | None = None
    eviction_within: timedelta | None = None
    phase: str | None = None
    track: str | None = None
    children: bool = False
    elderly: bool = False
    not_reached: bool = False
    district: str | None = None
    landlord: str | None = None
    officer: str | None = None
    case_number: str | None = None


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    case_number: str | None
    district: str | None
    officer: str | None
    phase: str | None
    tracks: list[str]
    next_deadline: str | None
    next_due: datetime | None
    missed: list[str] = field(default_factory=list)
    has_children: bool = False
    elderly: bool = False
    opened_at: datetime | None = None  # only for a case that has published nothing yet
    attempts: int = 0  # and how often its work under way (its first letter) has been tried

    @property
    def published(self) -> bool:
        """False while the case has not yet shown its attributes (its notice is being taken in)."""
        return self.phase is not None

    def as_json(self) -> dict[str, Any]:
        """The contract of shared/spec/case-json.md for `list --json`."""
        due = None
        if self.next_deadline and self.next_due:
            due = {"name": self.next_deadline, "due": self.next_due.astimezone(STOCKHOLM).isoformat()}
        return {
            "case_id": self.case_id,
            "case_number": self.case_number,
            "district": self.district,
            "officer": self.officer,
            "phase": self.phase,
            "tracks": self.tracks,
            "next_deadline": due,
            "missed": self.missed,
            "has_children": self.has_children,
            "elderly": self.elderly,
        }


_SAFE = re.compile(r"[^\"\\\\\n\r]{1,100}")


def _text(value: str, option: str) -> str:
    """A value as a quoted visibility literal; quotes and backslashes cannot occur in one."""
    if not _SAFE.fullmatch(value):
        raise ValueError(f"{option} may not hold quotes, backslashes or line breaks")
    return f'"{value}"'


def _moment(moment: datetime) -> str:
    return f'"{moment.astimezone(STOCKHOLM).replace(microsecond=0).isoformat()}"'


def visibility_query(chosen: CaseFilter, now: datetime) -> str:
    """The filter as a visibility query (no ORDER BY, which the dev server refuses)."""
    terms = ['WorkflowType = "HouseholdCase"', 'ExecutionStatus = "Running"']
    if chosen.phase:
        terms.append(f"{sa.CASE_PHASE.name} = {_text(chosen.phase, '--phase')}")
    else:  # SQL's != leaves out a case with no phase yet: `not_yet_shown` finds those
        terms.append(f'{sa.CASE_PHASE.name} != "closed"')
    if chosen.overdue:
        terms.append(f"{sa.OVERDUE_DEADLINES.name} IS NOT NULL")
    if chosen.due_within is not None:
        until = _moment(now + chosen.due_within)
        terms.append(f"({sa.NEXT_DEADLINE.name} <= {until} OR {sa.OVERDUE_DEADLINES.name} IS NOT NULL)")
    if chosen.eviction_within is not None:
        terms.append(f"{sa.EVICTION_AT.name} <= {_moment(now + chosen.eviction_within)}")
    if chosen.track:
        terms.append(f"{sa.CASE_TRACKS.name} = {_text(chosen.track, '--track')}")
    if chosen.children:
        terms.append(f"{sa.HAS_CHILDREN.name} = true")
    if chosen.elderly:
        terms.append(f"{sa.ELDERLY.name} = true")
    if chosen.not_reached:
        terms.append(f"{sa.PERSONALLY_REACHED.name} = false")
    for key, value, option in (
        (sa.DISTRICT, chosen.district, "--district"),
        (sa.LANDLORD, chosen.landlord, "--landlord"),
        (sa.CASE_OFFICER, chosen.officer, "--officer"),
        (sa.CASE_NUMBER, chosen.case_number, "--case-number"),
    ):
        if value:
            terms.append(f"{key.name} = {_text(value, option)}")
    return " AND ".join(terms)


def _row(case_id: str, found: dict[str, Any]) -> CaseRow:
    return CaseRow(
        case_id=case_id,
        case_number=found.get(sa.CASE_NUMBER.name),
        district=found.get(sa.DISTRICT.name),
        officer=found.get(sa.CASE_OFFICER.name),
        phase=found.get(sa.CASE_PHASE.name),
        tracks=list(found.get(sa.CASE_TRACKS.name) or []),
        next_deadline=found.get(sa.NEXT_DEADLINE_KIND.name),
        next_due=found.get(sa.NEXT_DEADLINE.name),
        missed=list(found.get(sa.OVERDUE_DEADLINES.name) or []),
        has_children=bool(found.get(sa.HAS_CHILDREN.name)),
        elderly=bool(found.get(sa.ELDERLY.name)),
    )


def sort_key(row: CaseRow) -> tuple[int, datetime | str]:
    """By the next deadline; cases with none after them, then the cases that have published
    nothing yet, the longest waiting first."""
    if row.next_due:
        return (0, row.next_due)
    if row.published or row.opened_at is None:
        return (1, row.case_number or row.case_id)
    return (2, row.opened_at)


@dataclass(frozen=True)
class CaseList:
    rows: list[CaseRow]
    not_told_apart: int = 0  # runs with nothing shown beyond those asked (`NotShown.more`)
    unjudged: int = 0  # with a filter: cases not yet shown, which it cannot judge (not in `rows`)


async def list_cases(
    client: Client, chosen: CaseFilter, now: datetime, *, count_unjudged: bool = False
) -> CaseList:
    """The cases the filter selects; unfiltered (or `--phase intake`, the phase they are in), also
    those that have shown nothing yet; with another filter, how many of those it cannot judge
    when asked (`count_unjudged`: the table says so; rows for a program do not)."""
    query = visibility_query(chosen, now)
    unfiltered = chosen in (CaseFilter(), CaseFilter(phase="intake"))
    # Asked before the filter's query: a case that shows its attributes between the two is then
    # in the second (visibility never takes a phase back). Asked after, such a case was in
    # neither, and missing from the list (seen on a fresh clone).
    shown = await not_yet_shown(client) if unfiltered or count_unjudged else NotShown([])
    rows = []
    try:
        async for execution in client.list_workflows(query, page_size=1000):
            found = {pair.key.name: pair.value for pair in execution.typed_search_attributes}
            rows.append(_row(execution.id, found))
    except RPCError as error:
        # The cases' search attributes are registered by the first worker: before it has run,
        # no case can exist, and the list is empty (not the server's complaint about the query).
        if _unregistered(error):
            return CaseList([])
        raise
    listed = {row.case_id for row in rows}  # visibility may have caught up meanwhile
    if unfiltered:
        just = [row for row in shown.just_shown if chosen.phase in (None, row.phase)]
        extra = [row for row in shown.cases + just if row.case_id not in listed]
        return CaseList(sorted(rows + extra, key=sort_key), shown.more)
    unjudged = sum(row.case_id not in listed for row in shown.cases + shown.just_shown) + shown.more
    return CaseList(sorted(rows, key=sort_key), unjudged=unjudged)


NOT_YET_SHOWN = (
    f'WorkflowType = "HouseholdCase" AND ExecutionStatus = "Running" AND {sa.CASE_PHASE.name} IS NULL'
)
# Each run with nothing shown is asked of the server in turn, the longest waiting first, up to
# this many: a migration's backlog leaves thousands so for a few minutes, and they are counted.
DESCRIBED_AT_MOST = 50


@dataclass(frozen=True)
class NotShown:
    """The running cases that have shown nothing yet because their first notice is still being
    taken in: their first letter waits (seconds in a burst) or cannot be written (an outbox that
    is down: retried), or it is written and the case has not yet had its turn to show what it
    is. Neither their attributes nor their facts in the reporting store exist, so the list, the
    report and the agenda name them apart; no case is silently missing."""

    cases: list[CaseRow]
    more: int = 0  # runs beyond `DESCRIBED_AT_MOST`, not told apart (counted, not named)
    # Cases that have just shown their attributes, which the server's visibility (what every
    # query reads) does not hold yet: a moment after the first letter. Only the list needs them.
    just_shown: list[CaseRow] = field(default_factory=list)


async def not_yet_shown(client: Client) -> NotShown:
    """One visibility query, then each such run described: the description holds the case's
    attributes as they are now, and its work under way. A case that has taken its notice in has
    shown its attributes (visibility will hold them in a moment), or has a letter scheduled or
    retried, or a task due after its letter; a run whose notice the server lost (it waits for
    it, then ends by itself) has none of these and is left out, as issue 16 says."""
    try:
        runs = [(e.start_time, e.id) async for e in client.list_workflows(NOT_YET_SHOWN)]
    except RPCError as error:
        if _unregistered(error):  # no worker has run: no case exists
            return NotShown([])
        raise
    runs.sort()
    asked = runs[:DESCRIBED_AT_MOST]
    gate = asyncio.Semaphore(8)

    async def described(started: datetime, case_id: str) -> CaseRow | None:
        async with gate:
            try:
                return await _described_row(client, started, case_id)
            except RPCError as error:
                if error.status is RPCStatusCode.NOT_FOUND:  # ended meanwhile
                    return None
                raise

    found = [row for row in await asyncio.gather(*(described(s, c) for s, c in asked)) if row]
    return NotShown(
        [row for row in found if not row.published],
        len(runs) - len(asked),
        [row for row in found if row.published and row.phase != "closed"],
    )


async def _described_row(client: Client, started: datetime, case_id: str) -> CaseRow | None:
    """A run without attributes in visibility as the server describes it: a case with its
    attributes (just shown), a case taking its notice in (no attributes yet), or None (a run
    that never got its notice)."""
    handle = client.get_workflow_handle(case_id)
    description = await handle.describe()
    found = {pair.key.name: pair.value for pair in description.typed_search_attributes}
    if found.get(sa.CASE_PHASE.name) is not None:
        return _row(case_id, found)
    raw = description.raw_description
    attempts = max((activity.attempt for activity in raw.pending_activities), default=0)
    # No letter under way: the letter may be written and the case's next task still due (a busy
    # or stopped worker), or the run never got its notice and waits for it. Only the case
    # accepted a notice (its history says so; read only in this rare moment).
    if not attempts and (not raw.HasField("pending_workflow_task") or not await _accepted_a_notice(handle)):
        return None
    return CaseRow(
        case_id=case_id,
        case_number=None,
        district=None,
        officer=None,
        phase=None,  # what makes the row "not yet published"
        tracks=[],
        next_deadline=None,
        next_due=None,
        opened_at=started,
        attempts=attempts,
    )


async def _accepted_a_notice(handle: WorkflowHandle[Any, Any]) -> bool:
    """Whether the run's history holds an accepted update (its notice): the events' types only,
    no payload read or decrypted."""
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
            return True
    return False


def _unregistered(error: RPCError) -> bool:
    """The server's answer to a query on the cases' attributes before the first worker has
    registered them."""
    return error.status is RPCStatusCode.INVALID_ARGUMENT and "invalid search attribute" in str(error)


ENDED_STATUSES = ("Terminated", "TimedOut", "Failed", "Canceled")


async def ended_from_outside(client: Client) -> set[str]:
    """The cases whose workflow was ended from outside (terminated or timed out in the Web UI or
    CLI) and not started again since: they run no more, so the agenda and the report must not
    count them as watched (issue 19). One visibility query each way, never one per case."""
    ended_query = " OR ".join(f'ExecutionStatus = "{status}"' for status in ENDED_STATUSES)
    ended = {
        execution.id
        async for execution in client.list_workflows(f'WorkflowType = "HouseholdCase" AND ({ended_query})')
    }
    if not ended:
        return set()
    running = {
        execution.id
        async for execution in client.list_workflows(
            'WorkflowType = "HouseholdCase" AND ExecutionStatus = "Running"'
        )
    }
    return ended - running
