"""The case meeting's agenda (BOSAM): every open case, by district, the most urgent first.

Read from the reporting store with SQL. Urgency, in order: a deadline missed (or pending past
its date), then the eviction's day, the recovery period's end and the preassessment's four-week
limit, each soonest first; a case with none of these comes last, by case number.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, and_, insert, select

from activities.outbox import write_atomically
from domain.deadlines import end_of_day
from domain.eviction import EvictionOutcome
from domain.local_time import STOCKHOLM
from domain.preassessment import PreassessmentResult
from domain.records.contact import ContactMethod
from domain.recovery_period import RecoveryOutcome
from domain.requests import AgendaWritten
from domain.swedish import DEADLINES, LETTERS, PHASES, STATUSES, TRACKS
from domain.words import sv_of
from reporting import schema as s
from reporting.documents import Bullets, Document, Heading, Paragraph, to_markdown, to_pdf

FIRST_LOOK_BACK = timedelta(days=14)  # no earlier agenda: what happened in the last two weeks
NO_DISTRICT = "Utan stadsdel"
_LATEST = datetime.max.replace(tzinfo=UTC)


@dataclass
class AgendaCase:
    case_id: str
    case_number: str
    district: str
    officer: str | None
    phase: str
    tracks: list[str]
    children: int
    elderly: bool
    missed: list[str] = field(default_factory=list)
    eviction_at: datetime | None = None
    recovery_end: date | None = None
    preassessment_limit: date | None = None
    happened: list[tuple[datetime, str]] = field(default_factory=list)
    decide: list[str] = field(default_factory=list)

    def urgency(self) -> tuple[int, datetime, datetime, datetime, str]:
        def moment(day: date | None) -> datetime:
            return datetime.combine(day, time(0), tzinfo=STOCKHOLM) if day else _LATEST

        return (
            0 if self.missed else 1,
            self.eviction_at or _LATEST,
            moment(self.recovery_end),
            moment(self.preassessment_limit),
            self.case_number,
        )


def _local(moment: datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")


def open_cases(
    engine: Engine, now: datetime, since: datetime, ended: frozenset[str] = frozenset()
) -> list[AgendaCase]:
    """Every open case with its urgency, what happened since `since`, and what to decide; a case
    whose workflow was ended from outside (`ended`) is not open: it runs no more."""
    current = and_(s.periods.c.case_id == s.cases.c.case_id, s.periods.c.period == s.cases.c.period)
    with engine.connect() as db:
        rows = db.execute(
            select(
                s.cases, s.periods.c.tracks, s.periods.c.eviction_scheduled_at, s.periods.c.eviction_outcome
            )
            .join(s.periods, current)
            .where(s.cases.c.phase != "closed")
        ).all()
        found = {
            row.case_id: AgendaCase(
                case_id=row.case_id,
                case_number=row.case_number or row.case_id,
                district=row.district or NO_DISTRICT,
                officer=row.officer,
                phase=row.phase,
                tracks=[t for t in row.tracks.split(",") if t],
                children=row.children,
                elderly=row.elderly,
                eviction_at=row.eviction_scheduled_at if row.eviction_outcome is None else None,
                decide=json.loads(row.open_tasks_sv),
                missed=list(json.loads(row.missed_open)),
            )
            for row in rows
            if row.case_id not in ended
        }
        deadline_rows = db.execute(
            select(s.deadlines).join(
                s.cases,
                and_(s.cases.c.case_id == s.deadlines.c.case_id, s.cases.c.period == s.deadlines.c.period),
            )
        ).all()
        happened = _happened_since(db, since)
    for row in deadline_rows:
        case = found.get(row.case_id)
        if case is None:
            continue
        due = row.due_at or end_of_day(row.due_on)
        # Missed and not dealt with, as `list --overdue` says (published by the case), and a
        # deadline still pending past its moment now.
        if row.status == "pending" and due <= now and row.name not in case.missed:
            case.missed.append(row.name)
        if row.status == "pending" and row.name == "recovery_period":
            case.recovery_end = row.due_on
        if row.status == "pending" and row.name == "preassessment_limit":
            case.preassessment_limit = row.due_on
        if row.settled_at is not None and row.settled_at >= since:
            what = f"{DEADLINES.get(row.name, row.name)}: {STATUSES.get(row.status, row.status)}"
            case.happened.append((row.settled_at, what))
    for case_id, moment, what in happened:
        if case_id in found:
            found[case_id].happened.append((moment, what))
    for case in found.values():
        case.missed.sort()
        case.happened.sort()
    return sorted(found.values(), key=AgendaCase.urgency)


def _happened_since(db: Connection, since: datetime) -> list[tuple[str, datetime, str]]:
    events: list[tuple[str, datetime, str]] = []
    for row in db.execute(select(s.notices).where(s.notices.c.received_at >= since)):
        events.append(
            (row.case_id, row.received_at, f"underrättelse mottagen ({TRACKS.get(row.kind, row.kind)})")
        )
    for row in db.execute(select(s.letters).where(s.letters.c.written_at >= since)):
        held = " (väntar på adress)" if row.held else ""
        events.append((row.case_id, row.written_at, f"brev: {LETTERS.get(row.kind, row.kind)}{held}"))
    for row in db.execute(select(s.contacts).where(s.contacts.c.at >= since)):
        reached = "personlig kontakt" if row.personal else "ingen personlig kontakt"
        method = sv_of(row.method, ContactMethod)
        events.append((row.case_id, row.at, f"kontaktförsök ({method}): {reached}"))
    for row in db.execute(select(s.periods)):
        for moment, what in (
            (
                row.preassessment_decided_at,
                f"förhandsbedömning avslutad: {sv_of(row.preassessment_result or '', PreassessmentResult)}",
            ),
            (
                row.recovery_outcome_at,
                f"återvinningsfristen: {sv_of(row.recovery_outcome or '', RecoveryOutcome)}",
            ),
            (row.eviction_outcome_at, f"avhysningen: {sv_of(row.eviction_outcome or '', EvictionOutcome)}"),
        ):
            if moment is not None and moment >= since:
                events.append((row.case_id, moment, what))
    return events


EVICTIONS_AHEAD = timedelta(days=14)
_SUMMARY_KINDS = (  # what happened, by the start of its line, and how the summary counts it
    ("underrättelse", "underrättelser mottagna"),
    ("brev", "brev skrivna"),
    ("kontaktförsök", "kontaktförsök"),
    ("kontaktförsök (", "av dem personlig kontakt"),  # counted where the line ends so (below)
    ("förhandsbedömning avslutad", "förhandsbedömningar avslutade"),
    ("återvinningsfristen", "återvinningsfrister avgjorda"),
    ("avhysningen", "avhysningar med utfall"),
)


def _three_lines(case: AgendaCase) -> Bullets:
    """A case in three lines: who and what, its dates, what to decide."""
    marks = [
        m for m in (f"BARN ({case.children})" if case.children else "", "65+" if case.elderly else "") if m
    ]
    who = " · ".join([case.case_number, case.district, f"handläggare {case.officer or '-'}", *marks])
    dates = []
    if case.missed:
        dates.append("MISSAT: " + ", ".join(DEADLINES.get(n, n) for n in case.missed))
    if case.eviction_at:
        dates.append(f"avhysning {_local(case.eviction_at)}")
    if case.recovery_end:
        dates.append(f"återvinningsfristen går ut {case.recovery_end.isoformat()}")
    if case.preassessment_limit:
        dates.append(f"förhandsbedömningens fyra veckor {case.preassessment_limit.isoformat()}")
    phase = PHASES.get(case.phase, case.phase) + " (" + ", ".join(TRACKS.get(t, t) for t in case.tracks) + ")"
    return Bullets(
        [
            who,
            f"{phase}: " + ("; ".join(dates) if dates else "ingen frist närmar sig"),
            "Att besluta: " + ("; ".join(case.decide) if case.decide else "inget öppet"),
        ]
    )


def _summary(cases: list[AgendaCase]) -> str:
    """What happened since the last meeting, as counts (the details are in each case's log)."""
    lines = [what for case in cases for _, what in case.happened]
    parts = []
    for start, label in _SUMMARY_KINDS:
        personal = label.startswith("av dem")
        count = sum(
            line.startswith(start) and (not personal or line.endswith("): personlig kontakt"))
            for line in lines
        )
        if count:
            parts.append(f"{count} {label}")
    return ", ".join(parts) if parts else "inget nytt i de öppna ärendena"


def agenda_document(
    cases: list[AgendaCase], now: datetime, since: datetime | None, next_meeting: datetime | None = None
) -> Document:
    """A meeting's agenda: evictions in the next 14 days first, then what is missed and not dealt
    with, then what is to be decided, each case in three lines; the rest by district in one line
    each; what happened since the last meeting as a short summary (issue 19)."""
    meeting = now.astimezone(STOCKHOLM).date().isoformat()
    document = Document(f"Dagordning, ärendedragning vräkningsförebyggande arbete {meeting}")
    since_text = (
        f"Sedan förra ärendedragningen ({_local(since)}): {_summary(cases)}."
        if since is not None
        else f"Ingen tidigare ärendedragning är registrerad; de senaste 14 dagarna: {_summary(cases)}."
    )
    document.add(
        Paragraph(
            f"{len(cases)} öppna ärenden. "
            + since_text
            + (f" Nästa ärendedragning: {_local(next_meeting)}." if next_meeting else "")
        )
    )
    # Each case in the first group it belongs to, in one pass (asked of the groups before, a
    # case at a time, it took most of an agenda of 10,000 cases, issue 20). An eviction gone by
    # without its outcome is a missed deadline, not one ahead.
    ahead: list[AgendaCase] = []
    missed: list[AgendaCase] = []
    decide: list[AgendaCase] = []
    rest: list[AgendaCase] = []
    for case in cases:
        if case.eviction_at is not None and now <= case.eviction_at <= now + EVICTIONS_AHEAD:
            ahead.append(case)
        else:
            (missed if case.missed else decide if case.decide else rest).append(case)
    ahead.sort(key=lambda c: c.eviction_at or _LATEST)
    for title, group in (
        ("Avhysningar inom 14 dagar", ahead),
        ("Missade frister som inte är åtgärdade", missed),
        ("Att besluta", decide),
    ):
        document.add(Heading(f"{title} ({len(group)})"))
        if not group:
            document.add(Paragraph("Inga."))
        for case in group:
            document.add(_three_lines(case))
    if rest:
        document.add(Heading(f"Övriga öppna ärenden ({len(rest)})"))
        by_district: dict[str, list[AgendaCase]] = defaultdict(list)
        for case in rest:
            by_district[case.district].append(case)
        for district in sorted(by_district, key=lambda name: (name == NO_DISTRICT, name)):
            document.add(
                Heading(f"{district} ({len(by_district[district])})", level=2),
                Bullets([f"{c.case_number}: {PHASES.get(c.phase, c.phase)}" for c in by_district[district]]),
            )
    return document


def last_meeting(engine: Engine, before: datetime) -> datetime | None:
    """When the schedule last wrote an agenda (an agenda asked for on demand is no meeting)."""
    with engine.connect() as db:
        rows = db.execute(
            select(s.agendas.c.written_at).where(s.agendas.c.written_at < before, s.agendas.c.by_schedule)
        ).scalars()
        return max(rows, default=None)


def _case_numbers(engine: Engine, case_ids: frozenset[str]) -> list[str]:
    if not case_ids:
        return []
    with engine.connect() as db:
        rows = db.execute(
            select(s.cases.c.case_id, s.cases.c.case_number).where(s.cases.c.case_id.in_(sorted(case_ids)))
        ).all()
    return sorted(row.case_number or row.case_id for row in rows)


NOT_SHOWN_NAMED = 30  # a migration's backlog may hold thousands for a few minutes: the list has them all


def write_agenda(
    engine: Engine,
    outbox: Path,
    now: datetime,
    by_schedule: bool = True,
    ended: frozenset[str] = frozenset(),
    next_meeting: datetime | None = None,
    not_shown: tuple[str, ...] = (),
    not_shown_more: int = 0,
) -> AgendaWritten:
    """Writes the agenda as Markdown and PDF in the outbox, once per moment (a retry rewrites
    the same files and records it once). Cases ended from outside are named apart, and so are
    cases that have shown nothing yet (`not_shown`: not in the store, so not above)."""
    last = last_meeting(engine, now)
    cases = open_cases(engine, now, last or now - FIRST_LOOK_BACK, ended)
    document = agenda_document(cases, now, last, next_meeting)
    listed = {case.case_id for case in cases}
    waiting = [case_id for case_id in not_shown if case_id not in listed]
    unnamed = max(0, len(waiting) - NOT_SHOWN_NAMED) + not_shown_more
    if waiting or not_shown_more:
        document.add(
            Heading(f"Ärenden som ännu inte visar sina uppgifter ({len(waiting) + not_shown_more})"),
            Paragraph(
                "Dessa ärenden har öppnats, men deras första underrättelse tas fortfarande emot: "
                "informationsbrevet har inte skrivits, så ärendet har ännu inte nått rapportdatabasen "
                "och saknas ovan. Några sekunder är vanligt när många underrättelser kommer in; "
                "finns ett ärende kvar här hindrar något dess brev. cases show visar det."
            ),
            Bullets(waiting[:NOT_SHOWN_NAMED] + ([f"och {unnamed} till (cases list)"] if unnamed else [])),
        )
    stopped = _case_numbers(engine, ended)
    if stopped:
        document.add(
            Heading("Ärenden som avbrutits i systemet"),
            Paragraph(
                "Dessa ärenden avbröts i Temporal utan att avslutas: de körs inte längre, så inga frister "
                "bevakas och inga brev skickas. Systemförvaltningen behöver starta om eller avsluta dem."
            ),
            Bullets(stopped),
        )
    # A scheduled and an on-demand agenda in the same minute must not overwrite each other.
    stamp = now.astimezone(STOCKHOLM).strftime("%Y-%m-%d-%H%M%S") + ("" if by_schedule else "-extra")
    folder = outbox / "agendas"
    markdown, pdf = folder / f"dagordning-{stamp}.md", folder / f"dagordning-{stamp}.pdf"
    write_atomically(markdown, to_markdown(document).encode())
    write_atomically(pdf, to_pdf(document, now))
    agenda_id = now.astimezone(UTC).isoformat()
    with engine.begin() as db:
        known = db.execute(select(s.agendas.c.agenda_id).where(s.agendas.c.agenda_id == agenda_id)).first()
        if known is None:
            db.execute(
                insert(s.agendas).values(
                    agenda_id=agenda_id,
                    written_at=now,
                    since=last,
                    cases=len(cases),
                    by_schedule=by_schedule,
                    markdown_file=str(markdown),
                    pdf_file=str(pdf),
                )
            )
    return AgendaWritten(markdown_file=str(markdown), pdf_file=str(pdf), cases=len(cases))
