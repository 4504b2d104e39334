"""The operators' command: take notice files in, one receipt per notice."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from cli.common import JsonFlag, connect_or_fail, err, fail, json_mode, out, print_json, require_worker
from cli.language import t
from cli.plain import escape
from cli.status_words import STATUS_WORDS
from infra.intake import Receipt, read_files, take_in
from infra.notice_claims import StoreNoticeIndex
from infra.settings import Settings, load_settings
from infra.submission_report import report_submissions

# Intake often follows the start of a worker (make run, a restarted service): it waits this long
# for one to poll before it says that none does.
WORKER_START_SECONDS = 30.0


def intake(
    files: Annotated[
        list[Path],
        typer.Argument(
            help=t(
                sv="Filer med underrättelser: .json, .jsonl eller .csv.",
                en="Notice files: .json, .jsonl or .csv.",
            )
        ),
    ],
    json_output: JsonFlag = False,
    parallel: Annotated[
        int,
        typer.Option(
            "--parallel",
            min=1,
            max=256,
            help=t(
                sv="Hur många hushåll som tas emot samtidigt.", en="Households taken in at the same time."
            ),
        ),
    ] = 32,
) -> None:
    json_mode(json_output)
    for path in files:
        if not path.exists():
            fail(t(sv=f"{path}: filen finns inte", en=f"{path}: no such file"))
        if not path.is_file():  # a folder, a named pipe or a device would hang or mislead
            fail(t(sv=f"{path}: är ingen vanlig fil", en=f"{path}: not a regular file"))
    notices = read_files(files)

    async def run() -> list[Receipt]:
        settings, client = await connect_or_fail()
        await require_worker(client, settings, grace=WORKER_START_SECONDS)  # else every notice waits
        with Progress(
            TextColumn(t(sv="tar emot underrättelser", en="taking in notices")),
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
                notice_index=StoreNoticeIndex(settings.reporting_url, settings.case_id_key),
                parallel=parallel,
                on_done=lambda: progress.advance(task),
            )

    receipts = asyncio.run(run())
    _report_submissions(receipts, load_settings())
    for receipt in receipts:
        if json_output:
            print_json(receipt.as_dict())
        else:
            _print_receipt(receipt)
    rejected = sum(receipt.status == "rejected" for receipt in receipts)
    if not json_output:
        counts = {s: sum(r.status == s for r in receipts) for s in ("opened", "joined", "duplicate")}
        err.print(
            t(
                sv=f"{len(receipts)} underrättelser: {counts['opened']} öppnade, {counts['joined']} tillagda, "
                f"{counts['duplicate']} dubbletter, {rejected} avvisade",
                en=f"{len(receipts)} notices: {counts['opened']} opened, {counts['joined']} joined, "
                f"{counts['duplicate']} duplicate, {rejected} rejected",
            )
        )
    if rejected:
        raise typer.Exit(1)


INTAKE_HELP = t(
    sv="Ta emot underrättelser: var och en öppnar ett ärende, läggs till hyresgästens öppna ärende eller "
    "är en dubblett. En underrättelse som bryter mot en regel avvisas med fil, rad, fält och skäl; resten "
    "av filen tas ändå emot och slutstatus blir 1. Att köra en fil igen ändrar ingenting.",
    en="Take in notices: each opens a case, joins the open case for its tenant, or is a duplicate. A notice "
    "that breaks a rule is rejected with file, line or row, field and reason; the rest of the file is "
    "still taken in, and the exit status is 1. Re-running a file changes nothing.",
)


def _report_submissions(receipts: list[Receipt], settings: Settings) -> None:
    for sv, en in report_submissions(receipts, settings):
        err.print(t(sv=sv, en=en))


def _print_receipt(receipt: Receipt) -> None:
    word, colour = STATUS_WORDS[receipt.status]
    notice_id = escape(receipt.read.notice_id or "-")
    if receipt.status == "rejected":
        problems = "; ".join(f"{e.field}: {t(sv=e.reason_sv, en=e.reason)}" for e in receipt.read.errors)
        out.print(
            f"[{colour}]{word:<9}[/] {notice_id}  {escape(str(receipt.read.source))}  {escape(problems)}"
        )
        return
    note = (
        t(sv="  (innehållet skiljer sig från den första)", en="  (content differs from the first)")
        if receipt.conflict
        else ""
    )
    if receipt.note:
        note += t(
            sv="  (ärendets tidigare start var skriven med en annan krypteringsnyckel och kunde inte köras; "
            "den avslutades)",
            en="  (the case's earlier start was written with another payload key and could not run; it was ended)",
        )
    out.print(f"[{colour}]{word:<9}[/] {notice_id}  {receipt.case_id}{note}")


def register(app: typer.Typer) -> None:
    app.command("intake", help=INTAKE_HELP)(intake)
