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
from domain.local_time import STOCKHOLM
from domain.requests import AgendaWritten
from domain.swedish import DEADLINES, LETTERS, PHASES, STATUSES, TRACKS
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
        if row.status == "missed" or (row.status == "pending" and due <= now):
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
        events.append((row.case_id, row.at, f"kontaktförsök ({row.method}): {reached}"))
    for row in db.execute(select(s.periods)):
        for moment, what in (
            (row.preassessment_decided_at, f"förhandsbedömning avslutad: {row.preassessment_result}"),
            (row.recovery_outcome_at, f"återvinningsfristen: {row.recovery_outcome}"),
            (row.eviction_outcome_at, f"avhysningen: {row.eviction_outcome}"),
        ):
            if moment is not None and moment >= since:
                events.append((row.case_id, moment, what))
    return events


def agenda_document(cases: list[AgendaCase], now: datetime, since: datetime) -> Document:
    meeting = now.astimezone(STOCKHOLM).date().isoformat()
    document = Document(f"Dagordning, ärendedragning vräkningsförebyggande arbete {meeting}")
    document.add(
        Paragraph(
            f"{len(cases)} öppna ärenden, per stadsdel, mest brådskande först: missad frist, "
            "avhysningsdag, återvinningsfristens slut, förhandsbedömningens fyraveckorsgräns. "
            f"Händelser sedan förra ärendedragningen ({_local(since)})."
        )
    )
    by_district: dict[str, list[AgendaCase]] = defaultdict(list)
    for case in cases:
        by_district[case.district].append(case)
    for district in sorted(by_district, key=lambda name: (name == NO_DISTRICT, name)):
        document.add(Heading(f"{district} ({len(by_district[district])})"))
        for case in by_district[district]:
            marks = []
            if case.children:
                marks.append(f"BARN ({case.children})")
            if case.elderly:
                marks.append("65+")
            head = " · ".join([case.case_number, *marks])
            document.add(Heading(head, level=2))
            facts = [
                f"Fas: {PHASES.get(case.phase, case.phase)}; spår: "
                + ", ".join(TRACKS.get(t, t) for t in case.tracks)
                + f"; handläggare: {case.officer or '-'}"
            ]
            if case.missed:
                facts.append("MISSAT: " + ", ".join(DEADLINES.get(n, n) for n in case.missed))
            if case.eviction_at:
                facts.append(f"Avhysning: {_local(case.eviction_at)}")
            if case.recovery_end:
                facts.append(f"Återvinningsfristen går ut: {case.recovery_end.isoformat()}")
            if case.preassessment_limit:
                facts.append(f"Förhandsbedömningen, fyra veckor: {case.preassessment_limit.isoformat()}")
            document.add(Bullets(facts))
            happened = [f"{_local(moment)} {what}" for moment, what in case.happened] or ["inget nytt"]
            document.add(Paragraph("Sedan förra mötet:"), Bullets(happened))
            document.add(Paragraph("Att besluta:"), Bullets(case.decide or ["inget öppet"]))
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


def write_agenda(
    engine: Engine,
    outbox: Path,
    now: datetime,
    by_schedule: bool = True,
    ended: frozenset[str] = frozenset(),
) -> AgendaWritten:
    """Writes the agenda as Markdown and PDF in the outbox, once per moment (a retry rewrites
    the same files and records it once). Cases ended from outside are named apart."""
    since = last_meeting(engine, now) or now - FIRST_LOOK_BACK
    cases = open_cases(engine, now, since, ended)
    document = agenda_document(cases, now, since)
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
    stamp = now.astimezone(STOCKHOLM).strftime("%Y-%m-%d-%H%M")
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
                    since=since,
                    cases=len(cases),
                    by_schedule=by_schedule,
                    markdown_file=str(markdown),
                    pdf_file=str(pdf),
                )
            )
    return AgendaWritten(markdown_file=str(markdown), pdf_file=str(pdf), cases=len(cases))
