"""The supervisors' lists: open cases filtered and sorted by the next deadline, and the Web
UI's ready views. Loads no case model: a list answers from visibility alone, so the command
starts as fast as the Temporal client allows.
"""

import asyncio
import csv
import os
import re
import sys
from datetime import UTC, datetime, timedelta
from typing import Annotated
from urllib.parse import quote

import typer
from rich.table import Table

from cli import words
from cli.common import JsonFlag, connect_or_fail, fail, json_mode, out, print_json
from cli.language import t, when
from cli.plain import escape
from domain.local_time import STOCKHOLM
from domain.notice_kind import NoticeKind
from domain.phase import Phase
from domain.swedish import plural
from infra.case_list import DESCRIBED_AT_MOST, CaseFilter, CaseList, CaseRow, list_cases, visibility_query
from infra.settings import load_settings

# ---- the list ------------------------------------------------------------------------------

_SPAN = re.compile(r"(?P<count>\d{1,4})\s*(?P<unit>[dhw]?)")
_UNITS = {"": "days", "d": "days", "h": "hours", "w": "weeks"}


def _span(option: str, text: str | None) -> timedelta | None:
    """`7d`, `48h`, `2w` (or a bare number of days)."""
    if text is None:
        return None
    found = _SPAN.fullmatch(text.strip().lower())
    if not found:
        fail(t(sv=f"{option} ska vara t.ex. 7d, 48h eller 2w", en=f"{option} must be like 7d, 48h or 2w"))
    return timedelta(**{_UNITS[found["unit"]]: int(found["count"])})


def _when_in_words(moment: datetime, now: datetime) -> str:
    """The date, and how far it is from today, as a person says it."""
    days = (moment.astimezone(STOCKHOLM).date() - now.astimezone(STOCKHOLM).date()).days
    if days == 0:
        words = t(sv="i dag", en="today")
    elif days == 1:
        words = t(sv="i morgon", en="tomorrow")
    elif days == -1:
        words = t(sv="i går", en="yesterday")
    elif days > 0:
        words = t(sv=f"om {days} dagar", en=f"in {days} days")
    else:
        words = t(sv=f"för {-days} dagar sedan", en=f"{-days} days ago")
    local = moment.astimezone(STOCKHOLM)
    shown = when(local) if (local.hour, local.minute) != (0, 0) else local.date().isoformat()
    return f"{shown} ({words})"


def list_cases_command(
    overdue: Annotated[bool, typer.Option("--overdue", help=t(sv="En frist missad och inte åtgärdad, eller en som väntar men har passerat.", en="A deadline missed and not dealt with, or a pending one past its date."))] = False,
    due_within: Annotated[str | None, typer.Option("--due-within", help=t(sv="Nästa frist inom, t.ex. 7d (försenade räknas med).", en="Next deadline within, e.g. 7d (overdue ones count)."))] = None,
    eviction_within: Annotated[str | None, typer.Option("--eviction-within", help=t(sv="Avhysning utan utfall inom, t.ex. 14d.", en="An eviction without outcome within, e.g. 14d."))] = None,
    phase: Annotated[Phase | None, typer.Option("--phase", help=t(sv="Fas (standard: alla öppna).", en="Phase (default: every open one)."))] = None,
    track: Annotated[NoticeKind | None, typer.Option("--track", help=t(sv="Spår.", en="Track."))] = None,
    children: Annotated[bool, typer.Option("--children", help=t(sv="Barn i hushållet.", en="Children in the household."))] = False,
    elderly: Annotated[bool, typer.Option("--elderly", help=t(sv="Hyresgäst 65 år eller äldre.", en="Tenant aged 65 or older."))] = False,
    not_reached: Annotated[bool, typer.Option("--not-reached", help=t(sv="Ingen personlig kontakt ännu.", en="No personal contact yet."))] = False,
    district: Annotated[str | None, typer.Option("--district", help=t(sv="Stadsdel.", en="District."))] = None,
    landlord: Annotated[str | None, typer.Option("--landlord", help=t(sv="Hyresvärd.", en="Landlord."))] = None,
    officer: Annotated[str | None, typer.Option("--officer", help=t(sv="Ansvarig handläggares id.", en="Responsible officer's id."))] = None,
    case_number: Annotated[str | None, typer.Option("--case-number", help=t(sv="Diarienummer.", en="Case number."))] = None,
    json_output: JsonFlag = False,
    csv_output: Annotated[bool, typer.Option("--csv", help=t(sv="Skriv CSV.", en="Print CSV."))] = False,
) -> None:  # fmt: skip
    json_mode(json_output)
    chosen = CaseFilter(
        overdue=overdue,
        due_within=_span("--due-within", due_within),
        eviction_within=_span("--eviction-within", eviction_within),
        phase=phase.value if phase else None,
        track=track.value if track else None,
        children=children,
        elderly=elderly,
        not_reached=not_reached,
        district=district,
        landlord=landlord,
        officer=officer,
        case_number=case_number,
    )
    now = datetime.now(UTC)

    async def run() -> CaseList:
        _, client = await connect_or_fail(visibility_only=True)
        return await list_cases(client, chosen, now, count_unjudged=not (json_output or csv_output))

    try:
        found = asyncio.run(run())
    except ValueError as error:
        fail(str(error))
    if json_output:
        for row in found.rows:
            print_json(row.as_json())
    elif csv_output:
        _print_csv(found.rows)
    else:
        _print_table(found, now)


def _print_csv(rows: list[CaseRow]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(
        [
            "case_number",
            "case_id",
            "district",
            "officer",
            "phase",
            "tracks",
            "next_deadline",
            "next_due",
            "missed",
            "has_children",
            "elderly",
        ]
    )
    for row in rows:
        due = row.next_due.astimezone(STOCKHOLM).isoformat() if row.next_due else ""
        writer.writerow(
            [
                row.case_number or "",
                row.case_id,
                row.district or "",
                row.officer or "",
                row.phase or "",
                ";".join(row.tracks),
                row.next_deadline or "",
                due,
                ";".join(row.missed),
                row.has_children,
                row.elderly,
            ]
        )


def _print_table(found: CaseList, now: datetime) -> None:
    rows = found.rows
    table = Table(title=t(sv=f"{len(rows)} ärenden", en=f"{len(rows)} cases"), title_justify="left")
    for column in (
        t(sv="diarienummer", en="case number"),
        t(sv="stadsdel", en="district"),
        t(sv="handläggare", en="officer"),
        t(sv="fas", en="phase"),
        t(sv="nästa frist", en="next deadline"),
        t(sv="missat", en="missed"),
        t(sv="barn", en="children"),
        "65+",
    ):
        table.add_column(column, overflow="fold")
    for row in rows:
        nxt = "-"
        if row.next_deadline and row.next_due:
            nxt = f"{words.deadline(row.next_deadline)} {_when_in_words(row.next_due, now)}"
        elif not row.published and row.opened_at:
            nxt = t(sv=f"öppnat {when(row.opened_at)}", en=f"opened {when(row.opened_at)}")
            if row.attempts > 1:
                nxt += t(
                    sv=f", brevet försökt {row.attempts} gånger",
                    en=f", the letter tried {row.attempts} times",
                )
        missed = ", ".join(words.deadline(name) for name in row.missed)
        yes = t(sv="ja", en="yes")
        phase = words.phase(row.phase) if row.phase else t(sv="tas emot *", en="being taken in *")
        table.add_row(
            escape(row.case_number or row.case_id),
            escape(row.district or "-"),
            escape(row.officer or "-"),
            phase,
            nxt,
            f"[bold red]{missed}[/]" if missed else "",
            yes if row.has_children else "",
            yes if row.elderly else "",
        )
    out.print(table)
    waiting = sum(not row.published for row in rows)
    if waiting:
        out.print(_not_yet_published(waiting))
    if found.not_told_apart:
        out.print(_not_told_apart(found.not_told_apart))
    if found.unjudged:
        out.print(_unjudged(found.unjudged))


def _not_yet_published(count: int) -> str:
    """Why a case shows no district, officer or deadline: it has not shown them yet."""
    return t(
        sv=(
            f"* {plural(count, one='ärende', many='ärenden')} har ännu inte visat sina uppgifter: "
            "underrättelsen tas fortfarande emot (ärendet visar dem när informationsbrevet har "
            "skrivits). Några sekunder är vanligt när många underrättelser kommer in; längre "
            "betyder att något hindrar brevet, se cases show <ärende>. Av filtren väljer bara "
            "--phase intake (mottagning) dem än."
        ),
        en=(
            f"* {plural(count, one='case has', many='cases have')} not shown "
            "their details yet: the notice is still being taken in (the case shows them once the "
            "information letter is written). A few seconds is usual when many notices come in; "
            "longer means something holds the letter up, see cases show <case>. Of the filters "
            "only --phase intake selects them yet."
        ),
    )


def _unjudged(count: int) -> str:
    """A filtered list cannot judge a case whose attributes the server's search does not hold yet
    (still being taken in, or shown a moment ago): say that it may miss it."""
    sv_it, en_it = ("det", "it") if count == 1 else ("dem", "them")
    return t(
        sv=f"{plural(count, one='ärende', many='ärenden')} har ännu inte visat sina uppgifter för sökningen "
        f"(underrättelsen tas fortfarande emot, eller ärendet visade dem nyss), så filtren kan inte pröva "
        f"{sv_it} än: cases list utan filter visar {sv_it}.",
        en=f"{plural(count, one='case has', many='cases have')} not shown their details to the search yet "
        f"(the notice is still being taken in, or the case showed them a moment ago), so the filters "
        f"cannot judge {en_it} yet: cases list without filters shows {en_it}.",
    )


def _not_told_apart(count: int) -> str:
    """A migration's backlog: more runs with nothing shown than the list asks the server about."""
    return t(
        sv=f"Ytterligare {plural(count, one='ärende', many='ärenden')} har inte visat sina uppgifter ännu "
        f"och listas inte här: fler än {DESCRIBED_AT_MOST} på en gång betyder att många underrättelser "
        "tas emot just nu; kör listan igen om en stund.",
        en=f"{plural(count, one='more case has', many='more cases have')} not shown their details yet, "
        f"not listed here: more than {DESCRIBED_AT_MOST} at once means many notices are being "
        "taken in right now; run the list again in a while.",
    )


LIST_HELP = t(
    sv="Lista öppna ärenden för arbetsledare, sorterade efter nästa frist. Filtren kan kombineras.",
    en="List open cases for supervisors, sorted by the next deadline. Filters combine.",
)


# ---- saved views for the Web UI ------------------------------------------------------------


def saved_views(
    ui: str, namespace: str, now: datetime, districts: list[str], officers: list[str]
) -> list[tuple[str, str]]:
    """The Web UI's filtered lists a supervisor needs, as links (the dates are today's)."""
    base = f"{ui.rstrip('/')}/namespaces/{namespace}/workflows?query="
    week = visibility_query(CaseFilter(due_within=timedelta(days=7)), now)
    views = [
        (t(sv="Försenade", en="Overdue"), visibility_query(CaseFilter(overdue=True), now)),
        (t(sv="Frist inom en vecka", en="Due this week"), week),
        (
            t(sv="Familjer inför avhysning (14 dagar)", en="Families facing eviction (14 days)"),
            visibility_query(CaseFilter(children=True, eviction_within=timedelta(days=14)), now),
        ),
    ]
    views += [
        (t(sv=f"Stadsdel: {name}", en=f"District: {name}"), visibility_query(CaseFilter(district=name), now))
        for name in districts
    ]
    views += [
        (
            t(sv=f"Handläggare: {officer}", en=f"Officer: {officer}"),
            visibility_query(CaseFilter(officer=officer), now),
        )
        for officer in officers
    ]
    return [(title, base + quote(query)) for title, query in views]


def views(json_output: JsonFlag = False) -> None:
    json_mode(json_output)
    settings = load_settings()
    ui = os.environ.get("EVICTION_UI_URL", f"http://localhost:{os.environ.get('TEMPORAL_UI_PORT', '8233')}")
    officers = sorted(
        {settings.routing.default.officer_id, *(r.officer_id for r in settings.routing.districts.values())}
    )
    found = saved_views(
        ui, settings.temporal_namespace, datetime.now(UTC), sorted(settings.routing.districts), officers
    )
    for title, link in found:
        if json_output:
            print_json({"view": title, "url": link})
        else:
            out.print(f"[bold]{escape(title)}[/]\n  {link}", soft_wrap=True)


VIEWS_HELP = t(
    sv="Länkar till Web UI:s färdiga listor: försenade, frist inom en vecka, familjer inför avhysning, per stadsdel och handläggare.",
    en="Links to the Web UI's ready lists: overdue, due this week, families facing eviction, by district and by officer.",
)


def register(app: typer.Typer) -> None:
    app.command("list", help=LIST_HELP)(list_cases_command)
    app.command("views", help=VIEWS_HELP)(views)
