"""The supervisors' follow-up: the board's report, the case meeting's agenda, and rebuilding the
reporting store from the cases. They read the reporting store (SQL), not each case."""

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from cli.common import JsonFlag, connect_or_fail, err, fail, json_mode, out, print_json
from cli.language import t
from cli.plain import escape
from infra.settings import Settings, load_settings


def _store(settings: Settings) -> Any:
    from sqlalchemy.exc import SQLAlchemyError

    from reporting.store import open_store
    from reporting.submissions import load_journal

    try:
        engine = open_store(settings.reporting_url, settings.case_id_key)
        load_journal(engine, settings.data_dir)  # what intake could not write while it was locked
        return engine
    except (SQLAlchemyError, OSError) as error:
        fail(
            t(
                sv=f"rapportdatabasen kan inte öppnas ({type(error).__name__})",
                en=f"the reporting store cannot be opened ({type(error).__name__})",
            ),
            3,
        )


@dataclass(frozen=True)
class FromServer:
    """What the report and the agenda ask the server: its retention of closed cases (how far back
    a rebuild can reach), the cases ended from outside (terminated in the Web UI) and those that
    have shown nothing yet (their first notice still being taken in)."""

    retention: int | None = None
    ended: frozenset[str] = frozenset()
    not_shown: tuple[str, ...] = ()
    not_shown_more: int = 0  # beyond those the server was asked about (`NotShown.more`)


async def _from_server(settings: Settings, client: Any = None) -> FromServer:
    """Over one connection; nothing known when it cannot be asked: the report itself reads only
    the store."""
    from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
    from temporalio.service import RPCError

    from infra.case_list import ended_from_outside, not_yet_shown
    from infra.command_log import log_to_file
    from infra.temporal import connect

    log_to_file(settings.data_dir / "logs")
    try:
        client = client or await connect(settings)
        described = await client.workflow_service.describe_namespace(
            DescribeNamespaceRequest(namespace=settings.temporal_namespace)
        )
        ended = await ended_from_outside(client)
        shown = await not_yet_shown(client)
    except (RuntimeError, RPCError, OSError):
        return FromServer()
    ttl = described.config.workflow_execution_retention_ttl
    retention = int(ttl.seconds // 86400) if ttl.seconds else None
    return FromServer(retention, frozenset(ended), tuple(row.case_id for row in shown.cases), shown.more)


def report(
    month: Annotated[str | None, typer.Option("--month", help=t(sv="Månad, ÅÅÅÅ-MM.", en="Month, YYYY-MM."))] = None,
    quarter: Annotated[str | None, typer.Option("--quarter", help=t(sv="Kvartal, ÅÅÅÅ-Kn, t.ex. 2026-Q4.", en="Quarter, YYYY-Qn, e.g. 2026-Q4."))] = None,
    json_output: JsonFlag = False,
) -> None:  # fmt: skip
    json_mode(json_output)
    from reporting import figures
    from reporting.report_files import write_report

    if (month is None) == (quarter is None):
        fail(t(sv="ange antingen --month eller --quarter", en="give either --month or --quarter"), 2)
    try:
        period = figures.month(month) if month else figures.quarter(str(quarter))
    except ValueError as error:
        fail(str(error), 2)
    settings = load_settings()
    engine = _store(settings)
    server = asyncio.run(_from_server(settings))
    now = datetime.now(UTC)
    rows = figures.read_store(engine)
    found = figures.report(rows, period, now, server.retention, settings.report_targets)
    # Cases ended from outside run no more, and cases still taking their first notice in are not
    # in the store yet: how many of each, as of now, beside the period's figures.
    found["totals"]["cases_ended_in_temporal"] = len(server.ended & rows.case_ids)
    waiting = len(set(server.not_shown) - rows.case_ids) + server.not_shown_more
    found["totals"]["cases_not_yet_reported"] = waiting
    if json_output:
        print_json(found)
        return
    series = figures.monthly_series(rows, period, 6, now)
    files = write_report(found, series, settings.outbox_dir, now)
    totals = found["totals"]
    share = totals["kfm_same_day_share"]
    out.print(
        t(
            sv=f"[bold]Uppföljning {period.label}[/]: {totals['notices_received']} underrättelser "
            f"({totals['cases_opened']} öppnade, {totals['notices_joined']} tillagda), "
            f"{totals['duplicates']} dubbletter, {totals['rejected']} avvisade "
            f"({totals['rejected_waiting']} väntar på rättelse); bekräftelser till Kronofogden i tid: "
            + ("–" if share is None else f"{share:.0%}")
            + f" av {totals['kfm_confirmations']}.",
            en=f"[bold]Follow-up {period.label}[/]: {totals['notices_received']} notices "
            f"({totals['cases_opened']} opened, {totals['notices_joined']} joined), "
            f"{totals['duplicates']} duplicates, {totals['rejected']} rejected "
            f"({totals['rejected_waiting']} waiting for correction); confirmations to Kronofogden in time: "
            + ("-" if share is None else f"{share:.0%}")
            + f" of {totals['kfm_confirmations']}.",
        )
    )
    for kind, path in files.items():
        out.print(f"  {kind}: {escape(path)}", soft_wrap=True)


def agenda(json_output: JsonFlag = False) -> None:
    json_mode(json_output)
    from reporting.agenda import write_agenda

    settings = load_settings()
    from infra.agenda_schedule import next_meeting_of

    now = datetime.now(UTC)
    server = asyncio.run(_from_server(settings))
    written = write_agenda(
        _store(settings),
        settings.outbox_dir,
        now,
        by_schedule=False,
        ended=server.ended,
        next_meeting=next_meeting_of(settings.agenda, now),
        not_shown=server.not_shown,
        not_shown_more=server.not_shown_more,
    )
    if json_output:
        print_json(written.model_dump())
        return
    out.print(
        t(sv=f"Dagordning med {written.cases} öppna ärenden:", en=f"Agenda with {written.cases} open cases:")
    )
    out.print(f"  {escape(written.markdown_file)}\n  {escape(written.pdf_file)}", soft_wrap=True)


def rebuild(json_output: JsonFlag = False) -> None:
    json_mode(json_output)
    from reporting.rebuild import rebuild_store

    settings = load_settings()
    engine = _store(settings)

    async def run() -> tuple[int, int, int | None]:
        _, client = await connect_or_fail()
        retention = (await _from_server(settings, client)).retention
        cases, failed = await rebuild_store(
            client,
            engine,
            list(settings.named_landlords),
            sorted(settings.routing.districts),
            settings.case_id_key,
            settings.data_dir,
        )
        return cases, failed, retention

    cases, failed, retention = asyncio.run(run())
    if json_output:
        print_json({"cases": cases, "failed": failed, "retention_days": retention})
    else:
        out.print(
            t(
                sv=f"Rapportdatabasen återuppbyggd från {cases} ärenden (öppna och avslutade inom serverns "
                f"lagringstid, {retention if retention is not None else '?'} dagar). Dubbletter och avvisade "
                "inlämningar lästes in från mottagningens journal.",
                en=f"The reporting store was rebuilt from {cases} cases (open, and closed within the server's "
                f"retention of {retention if retention is not None else '?'} days). Duplicate and rejected "
                "submissions were read back from intake's journal.",
            )
        )
    if failed:
        err.print(t(sv=f"{failed} ärenden kunde inte läsas", en=f"{failed} cases could not be read"))
        raise typer.Exit(1)


REPORT_HELP = t(
    sv="Nämndens uppföljning för en månad eller ett kvartal: per stadsdel och hyresvärd, varje siffra definierad; Markdown, CSV och PDF med diagram i utkorgen, eller --json.",
    en="The board's follow-up for a month or a quarter: per district and landlord, every figure defined; Markdown, CSV and PDF with charts in the outbox, or --json.",
)
AGENDA_HELP = t(
    sv="Skriv dagordningen för ärendedragningen nu (schemat gör det annars varannan vecka).",
    en="Write the case meeting's agenda now (the schedule otherwise does it every other week).",
)
REBUILD_HELP = t(
    sv="Återuppbygg rapportdatabasen från ärendena (öppna och avslutade inom serverns lagringstid).",
    en="Rebuild the reporting store from the cases (open, and closed within the server's retention).",
)


def register(app: typer.Typer) -> None:
    app.command("report", help=REPORT_HELP)(report)
    app.command("agenda", help=AGENDA_HELP)(agenda)
    app.command("rebuild-reporting", help=REBUILD_HELP)(rebuild)
