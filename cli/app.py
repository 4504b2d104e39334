"""The command line `cases` (also `python starter.py`): its commands by persona."""

import sys

import typer

from cli import officers, operators, supervisors
from cli.language import t, take_language_option
from infra.process import run_and_exit

app = typer.Typer(
    help=t(
        "Vräkningsförebyggande arbete: ta emot underrättelser, följ ärenden och deras lagliga frister, och "
        "registrera vad handläggare gör. Svenska som standard; --lang en (eller EVICTION_LANG=en) för engelska.",
        "Eviction prevention: take in notices, follow cases and their legal deadlines, and record what case "
        "officers do. Swedish by default; --lang en (or EVICTION_LANG=en) for English.",
    ),
    no_args_is_help=True,
    add_completion=False,
)
operators.register(app)
supervisors.register(app)
officers.register(app)


def main() -> None:
    """The console command: `--lang` is read before anything else and then set aside."""
    sys.argv = [sys.argv[0], *take_language_option(sys.argv[1:])]
    run_and_exit(app)
