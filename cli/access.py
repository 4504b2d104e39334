"""Who read a household's case: the access log, asked per case, in local time (issue 19).

Every read is logged where it happens: the codec server for the Web UI and the `temporal` CLI
(each payload's case id is bound to its ciphertext, so the case named is the one read), and
`cases show` for the command line, with the operating system's user who ran it.
"""

import asyncio
from datetime import date, datetime
from typing import Annotated, Any

import typer

from cli.common import CaseArgument, JsonFlag, connect_or_fail, fail, find_case, json_mode, out, print_json
from cli.language import t
from cli.plain import escape
from domain.local_time import STOCKHOLM
from infra.access_log import reads_of
from infra.settings import load_settings

CLIENTS = {
    "web-ui": ("Web UI", "Web UI"),
    "temporal-cli": ("temporal-kommandot", "the temporal CLI"),
    "cases": ("cases-kommandot", "the cases command"),
    "cli": ("cases-kommandot", "the cases command"),  # written so before issue 19
    "other": ("annat program", "another program"),
}


def _when(entry: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(entry["at"]).astimezone(STOCKHOLM)


def access_log(
    case_id: CaseArgument = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help=t(
                sv="Bara läsningar från och med den dagen (ÅÅÅÅ-MM-DD).",
                en="Only reads from that day on (YYYY-MM-DD).",
            ),
        ),
    ] = None,
    json_output: JsonFlag = False,
) -> None:
    json_mode(json_output)
    if case_id is None:
        fail(t(sv="ange ärendet: id eller diarienummer", en="give the case: id or case number"))
    try:
        first = date.fromisoformat(since) if since else None
    except ValueError:
        fail(
            t(
                sv=f"--since måste vara ÅÅÅÅ-MM-DD, inte {since!r}",
                en=f"--since must be YYYY-MM-DD, not {since!r}",
            )
        )
    settings = load_settings()
    reference = case_id

    async def run() -> str:
        if reference.startswith("household-"):
            return reference
        _, client = await connect_or_fail()
        return await find_case(client, reference)

    found = asyncio.run(run())
    entries = [
        entry
        for entry in reads_of(settings.data_dir / "logs" / "access.jsonl", found)
        if first is None or _when(entry).date() >= first
    ]
    if json_output:
        for entry in entries:
            print_json({**entry, "at": _when(entry).isoformat()})
        return
    if not entries:
        out.print(
            t(
                sv=f"Ingen har läst {escape(reference)} (enligt loggen).",
                en=f"Nobody has read {escape(reference)} (per the log).",
            )
        )
        return
    out.print(
        t(
            sv=f"Läsningar av {escape(reference)}, svensk tid:",
            en=f"Reads of {escape(reference)}, Swedish time:",
        )
    )
    for entry in entries:
        client_sv, client_en = CLIENTS.get(entry.get("via", "other"), CLIENTS["other"])
        client = t(sv=client_sv, en=client_en)
        where = f" {t(sv='från', en='from')} {entry['remote']}" if entry.get("remote") else ""
        declared = entry.get("declared_officer")
        said = f" ({t(sv='angav sig som', en='gave the name')} {escape(declared)})" if declared else ""
        unbound = (
            t(
                sv="  [läst ur data från före bindningen: ärendets id är inte bekräftat]",
                en="  [read from data written before the binding: the case id is unconfirmed]",
            )
            if entry.get("unbound_payloads")
            else ""
        )
        out.print(
            f"  {_when(entry):%Y-%m-%d %H.%M}  {escape(str(entry['user']))}{said}  {client}{where}{unbound}"
        )


ACCESS_LOG_HELP = t(
    sv="Vem som har läst ett ärende (med id eller diarienummer): när (svensk tid), vem, med vilket program och varifrån.",
    en="Who read a case (by id or case number): when (Swedish time), who, with which program and from where.",
)


def register(app: typer.Typer) -> None:
    app.command("access-log", help=ACCESS_LOG_HELP)(access_log)
