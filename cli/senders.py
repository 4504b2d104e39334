"""The senders' HTTP intake, for operators: its senders and their credentials, and the service
itself (shared/spec/intake-api.md)."""

from typing import Annotated

import typer

from cli.codes import with_swedish_values
from cli.common import JsonFlag, err, fail, json_mode, out, print_json
from cli.language import t
from cli.plain import escape
from domain.notices import SenderKind
from infra.settings import Settings, load_settings
from intake_api.senders import ORGANISATIONS, SenderStore

senders_app = typer.Typer(
    help=t(
        sv="Avsändare som skickar underrättelser över HTTP (hyresvärdar, Kronofogden): lägg till, lista, återkalla.",
        en="Senders that send notices over HTTP (landlords, Kronofogden): add, list, revoke.",
    ),
    no_args_is_help=True,
)


def _store(settings: Settings) -> SenderStore:
    from reporting.store import open_store

    return SenderStore(open_store(settings.reporting_url, settings.case_id_key))


def add(
    name: Annotated[
        str,
        typer.Option(
            "--name",
            help=t(
                sv="Avsändarens namn, som i underrättelserna.", en="The sender's name, as in its notices."
            ),
        ),
    ],
    kind: Annotated[
        SenderKind,
        typer.Option("--kind", help=t(sv="Slag av avsändare.", en="The kind of sender.")),
    ],
    json_output: JsonFlag = False,
) -> None:
    json_mode(json_output)
    if kind not in ORGANISATIONS:
        fail(
            t(
                sv="bara hyresvärdar, Kronofogden och andra förvaltningar får inloggningsuppgifter",
                en="only landlords, Kronofogden and other administrations get credentials",
            )
        )
    if not name.strip() or len(name) > 200:
        fail(t(sv="--name måste vara 1-200 tecken", en="--name must be 1-200 characters"))
    sender, secret = _store(load_settings()).add(name.strip(), kind)
    if json_output:
        print_json({"sender_id": sender.sender_id, "secret": secret})
        return
    out.print(
        t(
            sv=f"avsändare {sender.sender_id} ({escape(sender.name)}) tillagd",
            en=f"sender {sender.sender_id} ({escape(sender.name)}) added",
        )
    )
    out.print(
        t(
            sv="hemlighet (visas bara nu; ge den till avsändaren på ett säkert sätt):",
            en="secret (shown only now; hand it to the sender securely):",
        )
    )
    out.print(secret, markup=False, highlight=False)


def list_senders(json_output: JsonFlag = False) -> None:
    json_mode(json_output)
    from domain.words import WORDS

    for sender in _store(load_settings()).all():
        if json_output:
            print_json(
                {
                    "sender_id": sender.sender_id,
                    "name": sender.name,
                    "kind": sender.kind.value,
                    "created_at": sender.created_at.isoformat(),
                    "revoked_at": sender.revoked_at.isoformat() if sender.revoked_at else None,
                }
            )
            continue
        word = WORDS[sender.kind]
        state = (
            t(sv=f"återkallad {sender.revoked_at:%Y-%m-%d}", en=f"revoked {sender.revoked_at:%Y-%m-%d}")
            if sender.revoked_at
            else t(sv="aktiv", en="active")
        )
        out.print(f"{sender.sender_id}  {t(sv=word.sv, en=word.en):<18} {escape(sender.name)}  ({state})")


def revoke(
    sender_id: Annotated[
        str, typer.Argument(help=t(sv="Avsändarens id (snd-...).", en="The sender's id (snd-...)."))
    ],
    json_output: JsonFlag = False,
) -> None:
    json_mode(json_output)
    if not _store(load_settings()).revoke(sender_id):
        fail(t(sv=f"ingen aktiv avsändare {sender_id}", en=f"no active sender {sender_id}"), 1)
    if json_output:
        print_json({"sender_id": sender_id, "status": "revoked"})
    else:
        out.print(
            t(
                sv=f"avsändare {sender_id} återkallad: nästa anrop nekas",
                en=f"sender {sender_id} revoked: its next request is refused",
            )
        )


def api(
    port: Annotated[
        int | None,
        typer.Option(
            "--port",
            min=1,
            max=65535,
            help=t(sv="Porten (annars [api] port).", en="The port (else [api] port)."),
        ),
    ] = None,
    host: Annotated[
        str | None,
        typer.Option(
            "--host",
            help=t(
                sv="Adressen att lyssna på (annars [api] host).",
                en="The address to listen on (else [api] host).",
            ),
        ),
    ] = None,
) -> None:
    """Runs until stopped; one JSON line per request on standard error."""
    import uvicorn

    from infra.logging import configure_logging
    from intake_api.app import create_app

    settings = load_settings()
    configure_logging()
    err.print(
        t(
            sv=f"avsändarnas intag lyssnar på http://{host or settings.api_host}:{port or settings.api_port}",
            en=f"the senders' intake listens on http://{host or settings.api_host}:{port or settings.api_port}",
        )
    )
    uvicorn.run(
        create_app(settings, settings.api_rate),
        host=host or settings.api_host,
        port=port or settings.api_port,
        log_level="warning",
        access_log=False,
        server_header=False,
    )


def register(app: typer.Typer) -> None:
    with_swedish_values(add)
    senders_app.command(
        "add",
        help=t(
            sv="Lägg till en avsändare och skriv ut dess hemlighet en gång.",
            en="Add a sender and print its secret once.",
        ),
    )(add)
    senders_app.command("list", help=t(sv="Lista avsändarna.", en="List the senders."))(list_senders)
    senders_app.command(
        "revoke",
        help=t(
            sv="Återkalla en avsändare: nästa anrop nekas.",
            en="Revoke a sender: its next request is refused.",
        ),
    )(revoke)
    app.add_typer(senders_app, name="senders")
    app.command(
        "api",
        help=t(
            sv="Starta avsändarnas HTTP-intag (underrättelser över HTTPS bakom TLS).",
            en="Start the senders' HTTP intake (notices over HTTPS behind TLS).",
        ),
    )(api)
