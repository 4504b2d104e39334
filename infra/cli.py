"""What every command of the command line shares: output, errors, the server, the case."""

import json
import sys
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from temporalio.client import Client

from domain.identity import IdentityNumberError, case_id_for, parse_identity_number
from infra.settings import Settings, load_settings
from infra.temporal import connect

out = Console()
err = Console(stderr=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
CaseArgument = Annotated[str | None, typer.Argument(help="The case id (household-...).", show_default=False)]
PersonnummerOption = Annotated[
    str | None,
    typer.Option("--personnummer", help="Find the case by the tenant's personnummer.", show_default=False),
]


def print_json(value: dict[str, Any]) -> None:
    """One JSON document per line, unstyled and unwrapped, for other systems to read."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


async def connect_or_fail() -> tuple[Settings, Client]:
    settings = load_settings()
    try:
        return settings, await connect(settings)
    except RuntimeError as error:
        fail(f"cannot reach Temporal at {settings.temporal_address}: {error}", 3)


def resolve_case(case_id: str | None, personnummer: str | None, settings: Settings) -> str:
    """The case id, given directly or found from the tenant's personnummer (never printed)."""
    if (case_id is None) == (personnummer is None):
        fail("give either a case id or --personnummer")
    if personnummer is not None:
        try:
            identity = parse_identity_number(personnummer)
        except IdentityNumberError as error:
            fail(f"--personnummer {error}")
        return case_id_for(identity.normalised, settings.case_id_key)
    assert case_id is not None
    return case_id
