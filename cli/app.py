"""The command line `cases` (also `python starter.py`): its commands by persona."""

import importlib
import re
import sys

import typer

# Typer's own copy of click's usage errors; typer exports no public name for their base class.
from typer._click.exceptions import UsageError

from cli.common import err, print_json
from cli.language import LANGUAGE, t, take_language_option
from cli.plain import escape
from infra.process import private_files, run_and_exit
from infra.settings import SettingsError, load_settings

app = typer.Typer(
    help=t(
        sv="Vräkningsförebyggande arbete: ta emot underrättelser, följ ärenden och deras lagliga frister, och "
        "registrera vad handläggare gör. Svenska som standard; --lang en (eller EVICTION_LANG=en) för engelska.",
        en="Eviction prevention: take in notices, follow cases and their legal deadlines, and record what case "
        "officers do. Swedish by default; --lang en (or EVICTION_LANG=en) for English.",
    ),
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _group() -> None:
    """Keeps `cases` a group of commands when only one command's module is loaded."""


# The commands by persona, each in its module. A command loads its own module only: `list`
# loads no case model and starts in about half the time. Help and officers' commands load all.
PERSONA_MODULES = (
    "cli.operators",
    "cli.case_lists",
    "cli.supervisors",
    "cli.access",
    "cli.reports",
    "cli.officers",
    "cli.senders",
)
COMMAND_MODULES = {
    "intake": "cli.operators",
    "list": "cli.case_lists",
    "views": "cli.case_lists",
    "show": "cli.supervisors",
    "deadlines": "cli.supervisors",
    "access-log": "cli.access",
    "report": "cli.reports",
    "agenda": "cli.reports",
    "rebuild-reporting": "cli.reports",
    "senders": "cli.senders",
    "api": "cli.senders",
}


def register_commands(args: list[str]) -> None:
    """Registers the module of the command asked for, or every module."""
    command = next((word for word in args if not word.startswith("-")), None)
    wanted = COMMAND_MODULES.get(command or "")
    for name in PERSONA_MODULES:
        if wanted in (None, name):
            importlib.import_module(name).register(app)


# The command line library's usage errors, in Swedish: the option typed and what is allowed.
_IN_SWEDISH = [
    (
        re.compile(
            r"Invalid value for '(?P<option>[^']+)': (?:Value error, )?(?P<value>'.*') is not one of (?P<allowed>.*?)\.?$"
        ),
        "{option}: {value} är inte tillåtet; tillåtet är {allowed}",
    ),
    (
        re.compile(r"Invalid value for '(?P<option>[^']+)': .*valid integer.*"),
        "{option} måste vara ett heltal",
    ),
    (re.compile(r"Invalid value for '(?P<option>[^']+)': .*valid number.*"), "{option} måste vara ett tal"),
    (re.compile(r"Invalid value for '(?P<option>[^']+)': .*"), "{option} har ett ogiltigt värde"),
    (re.compile(r"Missing option '(?P<option>[^']+)'.*"), "{option} saknas"),
    (re.compile(r"Missing argument '(?P<option>[^']+)'.*"), "{option} saknas"),
    (re.compile(r"No such option: (?P<option>\S+).*"), "okänt alternativ: {option}"),
    (re.compile(r"No such command '(?P<option>[^']+)'.*"), "okänt kommando: {option}"),
]


def usage_sentence(message: str) -> str:
    """A usage error as a sentence in the command line's language."""
    if LANGUAGE != "sv":
        return message
    first, _, rest = message.strip().partition("\n")
    choices = [word.strip(" ,") for word in rest.replace("Choose from:", "").split() if word.strip(" ,")]
    for pattern, swedish in _IN_SWEDISH:
        found = pattern.fullmatch(first)
        if found:
            sentence = swedish.format(**found.groupdict())
            return sentence + (f"; välj bland: {', '.join(choices)}" if choices else "")
    return message


def _run() -> int:
    args = sys.argv[1:]
    register_commands(args)
    command = typer.main.get_command(app)
    if LANGUAGE == "sv":
        from cli.help_in_swedish import swedish_help

        swedish_help(command)
    try:
        result = command.main(args=args, prog_name="cases", standalone_mode=False)
    except SettingsError as error:  # a key or the configuration: one sentence, exit 2
        if "--json" in args:
            print_json({"status": "error", "exit_code": 2, "error": str(error)})
        err.print(f"[bold red]{t(sv='fel', en='error')}:[/] {escape(str(error), keep_newlines=True)}")
        return 2
    except UsageError as error:
        if not error.format_message().strip():  # no command given: the help was shown
            return error.exit_code
        sentence = usage_sentence(error.format_message())
        if "--json" in args:
            print_json({"status": "error", "exit_code": 2, "error": sentence})
        hint = t(
            sv="Se 'cases --help' eller 'cases KOMMANDO --help'.",
            en="See 'cases --help' or 'cases COMMAND --help'.",
        )
        err.print(f"[bold red]{t(sv='fel', en='error')}:[/] {escape(sentence, keep_newlines=True)}\n{hint}")
        return 2
    except (typer.Exit, SystemExit, KeyboardInterrupt):
        raise
    except Exception as error:
        return _unexpected(error, args)
    return result if isinstance(result, int) else 0


def _unexpected(error: Exception, args: list[str]) -> int:
    """A fault no command foresaw: one line naming its kind (never its text, which may hold
    input), the traceback in the command line's log, exit 4."""
    import logging

    from infra.command_log import LOG_NAME, log_to_file

    try:
        where = str(log_to_file(load_settings().data_dir / "logs"))
        logging.getLogger("cases").error("unexpected fault", exc_info=error)
    except Exception:
        where = t(
            sv=f"(loggen {LOG_NAME} kunde inte skrivas)", en=f"(the log {LOG_NAME} could not be written)"
        )
    sentence = t(
        sv=f"ett oväntat fel ({type(error).__name__}); inget mer gjordes. Detaljerna finns i {where}",
        en=f"an unexpected fault ({type(error).__name__}); nothing more was done. The details are in {where}",
    )
    if "--json" in args:
        print_json({"status": "error", "exit_code": 4, "error": sentence})
    err.print(f"[bold red]{t(sv='fel', en='error')}:[/] {escape(sentence)}")
    return 4


def main() -> None:
    """The console command: `--lang` is read before anything else and then set aside."""
    sys.argv = [sys.argv[0], *take_language_option(sys.argv[1:])]
    private_files()  # what the command line writes (the access log, keys) is the service account's
    run_and_exit(_run)
