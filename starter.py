"""The operators' command line: take in notices, show a case, compute deadlines.

Talks to Temporal at TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (defaults localhost:7233 /
default). `--json` prints the contract of shared/spec/case-json.md.
"""

import asyncio
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from domain.calendar import closed_day_name
from domain.case import case_view
from domain.citations import CITATIONS
from domain.deadlines import earliest_eviction_decision, recovery_period_end
from domain.identity import IdentityNumberError, case_id_for, parse_identity_number
from infra.case_client import case_state
from infra.intake import read_files, take_in
from infra.process import run_and_exit
from infra.settings import Settings, load_settings
from infra.temporal import connect

app = typer.Typer(
    help="Eviction prevention: take in notices, follow cases and their legal deadlines.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _print_json(value: dict[str, Any]) -> None:
    """One JSON document per line, unstyled and unwrapped, for other systems to read."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


async def _connect_or_fail() -> tuple[Settings, Client]:
    settings = load_settings()
    try:
        return settings, await connect(settings)
    except RuntimeError as error:
        _fail(f"cannot reach Temporal at {settings.temporal_address}: {error}", 3)


@app.command()
def intake(
    files: Annotated[list[Path], typer.Argument(help="Notice files: .json, .jsonl or .csv.")],
    json_output: JsonFlag = False,
    parallel: Annotated[
        int, typer.Option("--parallel", min=1, max=256, help="Households taken in at the same time.")
    ] = 32,
) -> None:
    """Take in notices: each opens a case, joins the open case for its tenant, or is a duplicate.

    A notice that breaks a rule is rejected with file, line or row, field and reason; the rest
    of the file is still taken in, and the exit status is 1. Re-running a file changes nothing.
    """
    for path in files:
        if not path.exists():
            _fail(f"{path}: no such file")
    notices = read_files(files)

    async def run() -> list[Any]:
        settings, client = await _connect_or_fail()
        with Progress(
            TextColumn("taking in notices"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=len(notices) < 50 or not err.is_terminal,
        ) as progress:
            task = progress.add_task("intake", total=len(notices))
            return await take_in(
                client,
                settings.task_queue,
                settings.case_id_key,
                notices,
                parallel=parallel,
                on_done=lambda: progress.advance(task),
            )

    receipts = asyncio.run(run())
    for receipt in receipts:
        if json_output:
            _print_json(receipt.as_dict())
        elif receipt.status == "rejected":
            problems = "; ".join(f"{e.field}: {e.reason}" for e in receipt.read.errors)
            out.print(f"[red]rejected[/]  {receipt.read.notice_id or '-'}  {receipt.read.source}  {problems}")
        else:
            colour = {"opened": "green", "joined": "cyan", "duplicate": "yellow"}[receipt.status]
            note = "  (content differs from the first)" if receipt.conflict else ""
            out.print(f"[{colour}]{receipt.status:<9}[/] {receipt.read.notice_id}  {receipt.case_id}{note}")
    rejected = sum(receipt.status == "rejected" for receipt in receipts)
    if not json_output:
        counts = {s: sum(r.status == s for r in receipts) for s in ("opened", "joined", "duplicate")}
        err.print(
            f"{len(receipts)} notices: {counts['opened']} opened, {counts['joined']} joined, "
            f"{counts['duplicate']} duplicate, {rejected} rejected"
        )
    if rejected:
        raise typer.Exit(1)


@app.command()
def show(
    case_id: Annotated[str | None, typer.Argument(help="The case id (household-...).")] = None,
    personnummer: Annotated[
        str | None,
        typer.Option("--personnummer", help="Find the case by the tenant's personnummer."),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """Show a case: tracks, phase, deadlines and their status, letters, alerts, what is due next."""
    if (case_id is None) == (personnummer is None):
        _fail("give either a case id or --personnummer")
    settings = load_settings()
    if personnummer is not None:
        try:
            identity = parse_identity_number(personnummer)
        except IdentityNumberError as error:
            _fail(f"--personnummer {error}")
        case_id = case_id_for(identity.normalised, settings.case_id_key)
    assert case_id is not None

    async def run() -> Any:
        _, client = await _connect_or_fail()
        return await case_state(client, case_id)

    try:
        state = asyncio.run(run())
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            _fail("no case found for that personnummer" if personnummer else f"no case {case_id}", 1)
        raise
    view = case_view(state, datetime.now(UTC))
    if json_output:
        _print_json(view)
        return
    _print_case(view, state)


def _children_text(state: Any) -> str:
    if state.has_children:
        return "yes"
    known = state.children_birth_years is not None or (
        state.register_check is not None and state.register_check.registered_at_address is not None
    )
    return "none known" if known else "not known"


def _print_case(view: dict[str, Any], state: Any) -> None:
    out.rule(f"[bold]{view['case_id']}")
    responsible = view["responsible"] or {}
    out.print(f"Tracks: [bold]{', '.join(view['tracks'])}[/]   Phase: [bold]{view['phase']}[/]")
    out.print(f"District: {view['district'] or '-'}   Landlord: {view['landlord'] or '-'}")
    out.print(f"Responsible: {responsible.get('officer', '-')} ({responsible.get('unit', '-')})")
    if state.notices:
        tenant = state.notices[0].tenant
        out.print(
            f"Tenant: {tenant.name}, {tenant.personnummer[:8]}-XXXX   Children: {_children_text(state)}"
        )
    nxt = view["next_deadline"]
    out.print(f"Next: [bold]{nxt['name']}[/] by [bold]{nxt['due']}[/]" if nxt else "Next: nothing pending")
    eviction = view.get("eviction")
    if eviction:
        moved = f", postponed {eviction['postponements']} time(s)" if eviction["postponements"] else ""
        outcome = f", outcome: {eviction['outcome']}" if eviction["outcome"] else ""
        when = eviction["scheduled_at"][:16].replace("T", " ")
        out.print(f"Eviction: [bold]{when}[/] (Kronofogden {eviction['kfm_case_number']}{moved}{outcome})")
    for task in view["open_tasks"]:
        out.print(f"To do: {task}")

    table = Table(title="Deadlines", title_justify="left")
    for column in ("deadline", "due", "status", "note"):
        table.add_column(column)
    colours = {"pending": "yellow", "met": "green", "missed": "bold red"}
    for name, entry in sorted(view["deadlines"].items(), key=lambda item: item[1]["due"]):
        note = entry.get("note") or ""
        if name == "recovery_period":
            note = f"eviction decision from {entry['earliest_eviction_decision']}" + (
                f"; outcome {entry['outcome']}" if entry.get("outcome") else ""
            )
        status = entry["status"]
        table.add_row(name, entry["due"], f"[{colours[status]}]{status}[/]", note)
    out.print(table)

    for title, rows, columns in (
        ("Letters", view["letters"], ("kind", "recipient", "file")),
        ("Alerts", view["alerts"], ("unit", "reason")),
        ("Reminders to the case officer", view["reminders"], ("topic", "sent_at")),
    ):
        if not rows:
            out.print(f"{title}: none")
            continue
        listing = Table(title=title, title_justify="left")
        for column in columns:
            listing.add_column(column, overflow="fold")
        for row in rows:
            listing.add_row(*(str(row[c]) for c in columns))
        out.print(listing)
    check = view.get("register_check")
    if check:
        registered = {True: "yes", False: "NO (check for a sublet)", None: "not found"}[
            check["registered_at_address"]
        ]
        known = check["known_in_unit"] if check["known_to_social_services"] else "no"
        out.print(f"Population register: registered at the address: {registered}   Known: {known}")
    for whom in view["consent_needed_for"]:
        out.print(f"[yellow]Contact only with the tenant's consent:[/] {whom}")
    out.print("Visits: none booked")
    out.print(f"Notices: {', '.join(view['notices'])}")
    if view["history"]:
        out.print("History:")
        for event in view["history"]:
            out.print(f"  {event['at'][:16].replace('T', ' ')}  {event['what']}")


@app.command()
def deadlines(
    served_on: Annotated[
        str,
        typer.Option("--served-on", help="Day the tenant was served the termination (YYYY-MM-DD)."),
    ],
    notified_on: Annotated[
        str | None,
        typer.Option("--notified-on", help="Day the landlord's notice to social services was given."),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    """When does the recovery period end, and when may Kronofogden decide on eviction?"""
    served = _date_option("--served-on", served_on)
    notified = _date_option("--notified-on", notified_on) if notified_on else None
    end = recovery_period_end(served, notified)
    earliest = earliest_eviction_decision(end)
    if json_output:
        _print_json(
            {
                "recovery_period_end": end.isoformat(),
                "earliest_eviction_decision": earliest.isoformat(),
            }
        )
        return
    start = max(served, notified) if notified else served
    raw_end = start.fromordinal(start.toordinal() + 21)
    out.print(
        f"Recovery period: from {start.isoformat()} three weeks, to {raw_end.isoformat()} ({raw_end:%A})"
    )
    if raw_end != end:
        out.print(f"  {raw_end.isoformat()} is closed ({closed_day_name(raw_end)}): rolled forward")
    out.print(f"Recovery period ends: [bold]{end.isoformat()}[/] ({end:%A})")
    out.print(f"Earliest eviction decision: [bold]{earliest.isoformat()}[/] ({earliest:%A})")
    citation = CITATIONS["earliest_eviction_decision"]
    out.print(f"[dim]{citation.act} {citation.section}. {citation.note}[/]")


def _date_option(name: str, text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"{name} must be a date YYYY-MM-DD")


if __name__ == "__main__":
    run_and_exit(app)
