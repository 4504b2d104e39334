"""What supervisors (and everyone following a case) read: a case, and the law's dates."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

import typer
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.service import RPCError, RPCStatusCode

from cli.common import (
    CaseArgument,
    JsonFlag,
    PersonnummerOption,
    acting_officer,
    connect_or_fail,
    fail,
    find_case,
    json_mode,
    no_case,
    out,
    print_json,
    require_worker,
    resolve_case,
    user_name,
    within_answer_time,
)
from cli.language import t
from cli.printout import print_case
from domain.calendar import closed_day_name
from domain.case import CaseState
from domain.case_view import case_view
from domain.citations import CITATIONS
from domain.deadlines import earliest_eviction_decision, recovery_period_end
from infra.access_log import record_read
from infra.case_client import case_state
from infra.settings import load_settings

WEEKDAYS_SV = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def show(
    case_id: CaseArgument = None, personnummer: PersonnummerOption = None, json_output: JsonFlag = False
) -> None:
    json_mode(json_output)
    settings = load_settings()
    case_id = resolve_case(case_id, personnummer, settings)

    async def run() -> tuple[CaseState, str | None]:
        _, client = await connect_or_fail()
        await require_worker(client, settings)
        found = await find_case(client, case_id)
        state = await within_answer_time(case_state(client, found), settings, client, found)
        return state, await ended_from_outside(client, found)

    try:
        state, ended = asyncio.run(run())
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            no_case(case_id, personnummer)
        raise
    # The operating system's user is who read it: $EVICTION_OFFICER is a name anyone can type,
    # so it is logged beside the user, never in its place (issue 19).
    declared = acting_officer()
    record_read(
        settings.data_dir / "logs" / "access.jsonl",
        user=user_name(),
        via="cases",
        cases=[state.case_id],
        **({"declared_officer": declared} if declared != user_name() else {}),
    )
    view = case_view(state, datetime.now(UTC))
    if ended is not None:
        view.execution_ended = ended
        view.next_deadline = None  # a case that runs no more watches no deadline
    if json_output:
        print_json(view.to_json())
        return
    print_case(view, state)


ENDED_FROM_OUTSIDE = {
    WorkflowExecutionStatus.TERMINATED: "terminated",
    WorkflowExecutionStatus.TIMED_OUT: "timed_out",
    WorkflowExecutionStatus.FAILED: "failed",
    WorkflowExecutionStatus.CANCELED: "canceled",
}


async def ended_from_outside(client: Client, case_id: str) -> str | None:
    """How the case's workflow ended when it did not close itself (a case runs until it is
    closed and its retention ends, then completes): terminated, timed out, failed, cancelled."""
    status = (await client.get_workflow_handle(case_id).describe()).status
    return ENDED_FROM_OUTSIDE.get(status) if status is not None else None


SHOW_HELP = t(
    sv="Visa ett ärende (med id, diarienummer eller --personnummer): spår, fas, frister och deras status, "
    "brev, underrättelser, vad som står på tur.",
    en="Show a case (by id, case number or --personnummer): tracks, phase, deadlines and their status, "
    "letters, alerts, what is due next.",
)


def _weekday(day: date) -> str:
    return t(sv=WEEKDAYS_SV[day.weekday()], en=WEEKDAYS_EN[day.weekday()])


def deadlines(
    served_on: Annotated[
        str,
        typer.Option(
            "--served-on",
            help=t(
                sv="Dagen då hyresgästen delgavs uppsägningen (ÅÅÅÅ-MM-DD).",
                en="Day the tenant was served the termination (YYYY-MM-DD).",
            ),
        ),
    ],
    notified_on: Annotated[
        str | None,
        typer.Option(
            "--notified-on",
            help=t(
                sv="Dagen då hyresvärdens underrättelse till socialnämnden lämnades.",
                en="Day the landlord's notice to social services was given.",
            ),
        ),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    json_mode(json_output)
    served = _date_option("--served-on", served_on)
    notified = _date_option("--notified-on", notified_on) if notified_on else None
    end = recovery_period_end(served, notified)
    earliest = earliest_eviction_decision(end)
    if json_output:
        print_json(
            {"recovery_period_end": end.isoformat(), "earliest_eviction_decision": earliest.isoformat()}
        )
        return
    start = max(served, notified) if notified else served
    raw_end = start + timedelta(days=21)
    out.print(
        t(
            sv=f"Återvinningsfrist: från {start.isoformat()} tre veckor, till {raw_end.isoformat()} ({_weekday(raw_end)})",
            en=f"Recovery period: from {start.isoformat()} three weeks, to {raw_end.isoformat()} ({_weekday(raw_end)})",
        )
    )
    if raw_end != end:
        out.print(
            t(
                sv=f"  {raw_end.isoformat()} är inte en arbetsdag ({closed_day_name(raw_end, swedish=True)}): "
                "flyttas framåt",
                en=f"  {raw_end.isoformat()} is closed ({closed_day_name(raw_end)}): rolled forward",
            )
        )
    out.print(
        f"{t(sv='Återvinningsfristen går ut', en='Recovery period ends')}: [bold]{end.isoformat()}[/] ({_weekday(end)})"
    )
    out.print(
        f"{t(sv='Beslut om avhysning tidigast', en='Earliest eviction decision')}: [bold]{earliest.isoformat()}[/] ({_weekday(earliest)})"
    )
    citation = CITATIONS["earliest_eviction_decision"]
    out.print(f"[dim]{citation.act} {citation.section}. {citation.note}[/]")


DEADLINES_HELP = t(
    sv="När går återvinningsfristen ut, och när får Kronofogden tidigast besluta om avhysning?",
    en="When does the recovery period end, and when may Kronofogden decide on eviction?",
)


def _date_option(name: str, text: str) -> date:
    """A date the calendar of closed days can reckon from (a deadline may fall a year on)."""
    from domain.calendar import FIRST_YEAR, LAST_YEAR

    try:
        day = date.fromisoformat(text)
    except ValueError:
        fail(t(sv=f"{name} måste vara ett datum ÅÅÅÅ-MM-DD", en=f"{name} must be a date YYYY-MM-DD"))
    if not FIRST_YEAR <= day.year <= LAST_YEAR - 1:
        fail(
            t(
                sv=f"{name} måste ligga inom {FIRST_YEAR}–{LAST_YEAR - 1} (kalenderns helgdagar)",
                en=f"{name} must lie within {FIRST_YEAR}-{LAST_YEAR - 1} (the calendar's closed days)",
            )
        )
    return day


def register(app: typer.Typer) -> None:
    app.command("show", help=SHOW_HELP)(show)
    app.command("deadlines", help=DEADLINES_HELP)(deadlines)
