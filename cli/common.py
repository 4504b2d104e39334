"""What every command shares: options, output, errors, the server, the case, the worker.

Errors are one line in the command line's language and an exit code: 1 refused or not found,
2 malformed input (naming the option), 3 no server or no worker. With `--json` they are a JSON
object on stdout too, so a caller never parses prose.
"""

import asyncio
import getpass
import json
import os
import re
import sys
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from cli.language import t
from cli.plain import escape
from infra.settings import Settings, load_settings

if TYPE_CHECKING:  # loaded when used: `list` starts without them (pydantic, the codec)
    from pydantic import BaseModel, ValidationError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
Result = TypeVar("Result")

# A worker long-polls the task queue; the server records each poll when it starts, so a live
# worker's newest poll is at most about a minute old. The server lists pollers of the last five
# minutes only: a newest poll that looks older than that means this machine's clock is off, and
# then the bounded wait for the answer decides.
WORKER_SEEN_WITHIN = timedelta(seconds=90)
POLLERS_LISTED_FOR = timedelta(minutes=5)
ANSWER_SECONDS = float(os.environ.get("EVICTION_CLI_TIMEOUT", "10"))

JsonFlag = Annotated[
    bool, typer.Option("--json", help=t(sv="Skriv maskinläsbar JSON.", en="Print machine-readable JSON."))
]
CaseArgument = Annotated[
    str | None,
    typer.Argument(
        help=t(sv="Ärendets id (household-...).", en="The case id (household-...)."), show_default=False
    ),
]
PersonnummerOption = Annotated[
    str | None,
    typer.Option(
        "--personnummer",
        help=t(
            sv="Hitta ärendet med hyresgästens personnummer.",
            en="Find the case by the tenant's personnummer.",
        ),
        show_default=False,
    ),
]


class _Mode:
    json = False


def json_mode(on: bool) -> None:
    """Errors from here on are printed as JSON too."""
    _Mode.json = on


def print_json(value: dict[str, Any]) -> None:
    """One JSON document per line, unstyled and unwrapped, for other systems to read."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def fail(message: str, code: int = 2) -> NoReturn:
    if _Mode.json:
        print_json({"status": "error", "exit_code": code, "error": message})
    err.print(f"[bold red]{t(sv='fel', en='error')}:[/] {escape(message, keep_newlines=True)}")
    raise typer.Exit(code)


async def connect_or_fail(visibility_only: bool = False) -> tuple[Settings, Client]:
    """A client for this configuration, or exit 3 saying the server cannot be reached. A list
    reads visibility only (search attributes, no payloads): it needs neither codec nor key."""
    settings = load_settings()
    from infra.command_log import log_to_file

    log_to_file(settings.data_dir / "logs")  # the SDK's warnings, never on stdout or the screen
    try:
        if visibility_only:
            plain = await Client.connect(settings.temporal_address, namespace=settings.temporal_namespace)
            return settings, plain
        from infra.key_check import key_problem
        from infra.temporal import connect

        client = await connect(settings)
        problem = await key_problem(client, settings)
    except RuntimeError as error:
        fail(
            t(
                sv=f"når inte Temporal på {settings.temporal_address}: {error}",
                en=f"cannot reach Temporal at {settings.temporal_address}: {error}",
            ),
            3,
        )
    if problem is not None:
        keys_differ(problem)
    return settings, client


def keys_differ(problem: str) -> NoReturn:
    fail(
        t(
            sv=f"nycklarna stämmer inte med ärendenas och arbetarnas: {problem}; inget skickades. Hämta "
            "nyckeln ur kommunens nyckelförvaring.",
            en=f"the keys are not those of the cases and workers: {problem}; nothing was sent. Take the key from "
            "the municipality's secret store.",
        ),
        3,
    )


def resolve_case(case_id: str | None, personnummer: str | None, settings: Settings) -> str:
    """The case id, given directly or found from the tenant's personnummer (never printed); a
    case number (diarienummer) is passed on as given, for `find_case` to look up."""
    if (case_id is None) == (personnummer is None):
        fail(
            t(
                sv="ange antingen ett ärende-id eller --personnummer (ett diarienummer går också)",
                en="give either a case id or --personnummer (a case number is accepted in place of the id)",
            )
        )
    if personnummer is not None:
        from domain.identity import IdentityNumberError, case_id_for, parse_identity_number

        try:
            identity = parse_identity_number(personnummer)
        except IdentityNumberError as error:
            fail(t(sv=f"--personnummer {error.sv}", en=f"--personnummer {error}"))
        return case_id_for(identity.normalised, settings.case_id_key)
    assert case_id is not None
    if not case_id.startswith("household-") and not CASE_NUMBER_TEXT.fullmatch(case_id):
        fail(
            t(
                sv=f"{case_id!r} är varken ett ärende-id eller ett diarienummer",
                en=f"{case_id!r} is neither a case id nor a case number",
            )
        )
    return case_id


CASE_NUMBER_TEXT = re.compile(r"[\w][\w .:/-]{0,39}")


async def find_case(client: Client, reference: str) -> str:
    """A case id as it is, or the case whose case number (diarienummer) this is."""
    if reference.startswith("household-"):
        return reference
    query = f'CaseNumber = "{reference}"'
    found = [execution.id async for execution in client.list_workflows(query, limit=2)]
    if not found:
        found = await _numbered_not_yet_shown(client, reference)
    if not found:
        no_case(reference, None)
    return found[0]


async def _numbered_not_yet_shown(client: Client, reference: str) -> list[str]:
    """A case gets its number before its first letter but shows it only after (its attributes
    wait for the letter): a number the sender's receipt gave must find the case all the same.
    Each case not yet shown (normally none) is asked its number alone, not its state."""
    from infra.case_list import not_yet_shown
    from workflows.household_case import HouseholdCase

    shown = await not_yet_shown(client)
    for row in shown.just_shown:  # shown a moment ago: the number is among its attributes
        if row.case_number == reference:
            return [row.case_id]
    for row in shown.cases:
        status = await client.get_workflow_handle(row.case_id).query(HouseholdCase.notice_status, "")
        if status.case_number == reference:
            return [row.case_id]
    return []


def user_name() -> str:
    """The operating system's user (a bare container may have none)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def acting_officer() -> str:
    """Who acts or reads: $EVICTION_OFFICER, else the operating system's user."""
    return os.environ.get("EVICTION_OFFICER") or user_name()


def no_case(case_id: str, personnummer: str | None) -> NoReturn:
    """Not found: by personnummer, without repeating it; by id, naming the id."""
    if personnummer:
        fail(t(sv="inget ärende för det personnumret", en="no case found for that personnummer"), 1)
    fail(t(sv=f"inget ärende {case_id}", en=f"no case {case_id}"), 1)


def no_worker(settings: Settings) -> NoReturn:
    fail(
        t(
            sv=f"ingen worker hämtar arbete från kön {settings.task_queue}: starta den med "
            "`.venv/bin/python worker.py` (eller `make run`)",
            en=f"no worker polls the task queue {settings.task_queue}: start one with "
            "`.venv/bin/python worker.py` (or `make run`)",
        ),
        3,
    )


async def require_worker(client: Client, settings: Settings, grace: float = 0) -> None:
    """Before a case is asked anything: is a worker polling? Else say so, and send nothing.
    `grace` seconds are given to a worker that is starting (intake right after `make run`)."""
    from infra.key_check import case_queue, polling_identities, worker_key_problem

    request = case_queue(settings)
    end = asyncio.get_running_loop().time() + grace
    while True:
        try:
            described = await client.workflow_service.describe_task_queue(request)
        except RPCError as error:
            if error.status is RPCStatusCode.UNIMPLEMENTED:
                return  # a test server that cannot tell: the timeout below still holds
            raise
        now = datetime.now(UTC)
        ages = [abs(now - poller.last_access_time.ToDatetime(UTC)) for poller in described.pollers]
        if ages and not WORKER_SEEN_WITHIN <= min(ages) <= POLLERS_LISTED_FOR + WORKER_SEEN_WITHIN:
            problem = worker_key_problem(polling_identities(described.pollers), settings)
            if problem is not None:  # what it sent, the workers could not read: the case would wait
                keys_differ(problem)
            return
        if asyncio.get_running_loop().time() >= end:
            no_worker(settings)
        await asyncio.sleep(0.5)


# What the server answers for a case whose workflow task fails in the worker (a fault in the
# program, or a history the code cannot replay): it can be neither read nor acted on.
TASK_FAILING = "Workflow Task in failed state"


def case_in_fault() -> NoReturn:
    fail(
        t(
            sv="ärendet kan inte läsas eller ändras just nu: arbetaren kan inte köra det (ett fel i "
            "programmet). Inget skickades. Handledaren har fått en varning (alerts/supervisor) och "
            "felet finns i arbetarens logg; kontakta systemförvaltningen.",
            en="the case can be neither read nor changed now: the worker cannot run it (a fault in the "
            "program). Nothing was sent. The supervisor has been alerted (alerts/supervisor) and the "
            "fault is in the worker's log; contact the system's administrators.",
        ),
        3,
    )


async def within_answer_time(
    call: Awaitable[Result], settings: Settings, client: Client, case_id: str
) -> Result:
    """The case's answer, or after a few seconds a clear line: the case cannot run (its task
    fails in the worker), or no worker answers."""
    try:
        return await asyncio.wait_for(call, ANSWER_SECONDS)
    except TimeoutError:
        if await _task_failing(client, case_id):
            case_in_fault()
        no_worker(settings)
    except RPCError as error:
        if TASK_FAILING in str(error):
            case_in_fault()
        raise


async def _task_failing(client: Client, case_id: str) -> bool:
    """Whether the case's workflow task has failed and is being retried."""
    try:
        described = (await client.get_workflow_handle(case_id).describe()).raw_description
    except RPCError:
        return False
    return described.HasField("pending_workflow_task") and described.pending_workflow_task.attempt > 1


# ---- malformed input as sentences ----------------------------------------------------------

_REASONS: dict[str, tuple[str, str]] = {
    "greater_than": ("måste vara större än {gt}", "must be greater than {gt}"),
    "greater_than_equal": ("måste vara minst {ge}", "must be at least {ge}"),
    "less_than": ("måste vara mindre än {lt}", "must be less than {lt}"),
    "less_than_equal": ("får vara högst {le}", "must be at most {le}"),
    "string_too_short": ("får inte vara tomt", "must not be empty"),
    "string_too_long": ("får vara högst {max_length} tecken", "must be at most {max_length} characters"),
    "string_pattern_mismatch": (
        "får bara innehålla bokstäver a-z, siffror, punkt, bindestreck och understreck",
        "may only hold letters a-z, digits, dot, hyphen and underscore",
    ),
    "too_short": ("måste anges minst en gång", "must be given at least once"),
    "missing": ("krävs", "is required"),
    "finite_number": ("måste vara ett ändligt tal", "must be a finite number"),
    "timezone_aware": ("måste ha en tidszon", "must carry a time zone"),
}
_RULES_SV = {
    "a granted postponement needs the new date and time of the eviction": (
        "ett beviljat anstånd kräver avhysningens nya datum och tid (--new-time)"
    ),
    "a refused postponement has no new date": "ett avslaget anstånd har inget nytt datum",
    "give at least one fact from the landlord": "ange minst en uppgift från hyresvärden",
    "an investigation needs a subject: adult or child": "en utredning gäller en vuxen eller ett barn",
    "closing without an investigation needs a reason": "att avsluta utan utredning kräver ett skäl",
}


def sentences(error: "ValidationError", options: dict[str, str]) -> str:
    """Each problem as a sentence that names the option the person typed, never a field name."""
    found = []
    for item in error.errors(include_url=False, include_input=False):
        field = str(item["loc"][0]) if item["loc"] else ""
        if item["type"] == "value_error" and not field:
            english = item["msg"].removeprefix("Value error, ")
            found.append(t(sv=_RULES_SV.get(english, english), en=english))
            continue
        sv, en = _REASONS.get(item["type"], ("har ett ogiltigt värde", "has a value that is not allowed"))
        context = {
            key: value
            for key, value in (item.get("ctx") or {}).items()
            if isinstance(value, int | float | str)
        }
        try:
            reason = t(sv=sv, en=en).format(**context)
        except KeyError:
            reason = t(sv="har ett ogiltigt värde", en="has a value that is not allowed")
        found.append(f"{options.get(field, '--' + field.replace('_', '-'))} {reason}")
    return "; ".join(found)


Model = TypeVar("Model", bound="BaseModel")


def build(model: type[Model], options: dict[str, str], **fields: Any) -> Model:
    """The action, or exit 2 with what is wrong with it in words."""
    from pydantic import ValidationError

    try:
        return model(**fields)
    except ValidationError as error:
        fail(sentences(error, options))
