"""The command line: operators take in notices, supervisors show cases and deadlines, case
officers record what they did (officer_commands).

Talks to Temporal at TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE (defaults localhost:7233 /
default). `--json` prints the contract of shared/spec/case-json.md.
"""

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from temporalio.service import RPCError, RPCStatusCode

import officer_commands
from domain.calendar import closed_day_name
from domain.case import case_view
from domain.citations import CITATIONS
from domain.deadlines import earliest_eviction_decision, recovery_period_end
from infra.case_client import case_state
from infra.cli import (
    CaseArgument,
    JsonFlag,
    PersonnummerOption,
    connect_or_fail,
    err,
    fail,
    out,
    print_json,
    resolve_case,
)
from infra.intake import read_files, take_in
from infra.process import run_and_exit
from infra.settings import load_settings

app = typer.Typer(
    help="Eviction prevention: take in notices, follow cases and their legal deadlines, and "
    "record what case officers do.",
    no_args_is_help=True,
    add_completion=False,
)


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
            fail(f"{path}: no such file")
    notices = read_files(files)

    async def run() -> list[Any]:
        settings, client = await connect_or_fail()
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
            print_json(receipt.as_dict())
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
    case_id: CaseArgument = None,
    personnummer: PersonnummerOption = None,
    json_output: JsonFlag = False,
) -> None:
    """Show a case: tracks, phase, deadlines and their status, letters, alerts, what is due next."""
    case_id = resolve_case(case_id, personnummer, load_settings())

    async def run() -> Any:
        _, client = await connect_or_fail()
        return await case_state(client, case_id)

    try:
        state = asyncio.run(run())
    except RPCError as error:
        if error.status is RPCStatusCode.NOT_FOUND:
            fail("no case found for that personnummer" if personnummer else f"no case {case_id}", 1)
        raise
    view = case_view(state, datetime.now(UTC))
    if json_output:
        print_json(view)
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
    _print_casework(view)
    out.print(f"Notices: {', '.join(view['notices'])}")
    if view["history"]:
        out.print("History:")
        for event in view["history"]:
            out.print(f"  {event['at'][:16].replace('T', ' ')}  {event['what']}")


def _print_casework(view: dict[str, Any]) -> None:
    """The case officers' record: contacts, visits, consents, decisions, follow-up."""
    reached = "[green]yes[/]" if view["personally_reached"] else "[bold yellow]not yet[/]"
    out.print(f"Personal contact with the tenant: {reached}")
    for title, rows, columns in (
        ("Contact attempts", view["contacts"], ("contact_id", "at", "method", "outcome", "by")),
        ("Home visits", view["visits"], ("visit_id", "at", "kind", "with_children_unit", "status")),
    ):
        if not rows:
            out.print(f"{title}: none")
            continue
        listing = Table(title=title, title_justify="left")
        for column in columns:
            listing.add_column(column.replace("_", " "))
        for row in rows:
            listing.add_row(
                *(str(row[c])[:16].replace("T", " ") if c == "at" else str(row[c]) for c in columns)
            )
        out.print(listing)
    if view["consents"]:
        listing = Table(title="Consents", title_justify="left")
        for column in ("id", "to", "purposes in force", "withdrawn", "given", "form"):
            listing.add_column(column)
        for consent in view["consents"]:
            whom = consent["to"] + (f": {consent['administration']}" if consent["administration"] else "")
            withdrawn = [p for p in consent["purposes"] if p not in consent["active_purposes"]]
            listing.add_row(
                consent["consent_id"],
                whom,
                ", ".join(consent["active_purposes"]) or "-",
                ", ".join(withdrawn) or "-",
                consent["given_on"],
                consent["form"],
            )
        out.print(listing)
    else:
        out.print("Consents: none recorded")
    decision = view["preassessment_decision"]
    if decision:
        what = (
            f"investigation ({decision['subject']})"
            if decision["result"] == "open_investigation"
            else "closed"
        )
        reason = f", {decision['reason']}" if decision["reason"] else ""
        out.print(f"Preassessment decided: {what}{reason} by {decision['by']}")
    if view["extension_reason"]:
        out.print(f"Preassessment may run past four weeks: {view['extension_reason']}")
    for item in view["interventions"]:
        told = " (landlord told, with consent)" if item["landlord_told"] else ""
        out.print(f"Support: {item['kind']} by {item['provider']}{told}")
    for agreement in view["agreements"]:
        out.print(f"Agreement: {agreement['kind']} on {agreement['agreed_on']}")
    if view.get("eviction_barred_for_debt"):
        out.print("[green]Payment commitment sent: the tenant cannot be evicted for this debt.[/]")
    follow_up = view["follow_up"]
    if follow_up:
        state = (
            "done" if follow_up["done"] else (f"due {follow_up['due']}" if follow_up["due"] else "offered")
        )
        out.print(f"Follow-up: {state}" + (f" ({follow_up['subject']})" if follow_up["subject"] else ""))
    if view["closure"]:
        out.print(f"[bold]Closed:[/] {view['closure']['reason']} by {view['closure']['by']}")


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
        print_json(
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
        fail(f"{name} must be a date YYYY-MM-DD")


officer_commands.register(app)  # after the operators' and supervisors' commands, in --help too

if __name__ == "__main__":
    run_and_exit(app)
