"""The command line's help with none of the framework's English in Swedish: Typer's panel titles
and markers, the help option's own line, the usage prefix and the type labels (`<bool>`,
`<str>`) become Swedish. Typer keeps these as module constants and click as literals; the
pinned versions are patched here once, before any help is built, and only in Swedish."""

from typing import Any

import typer.rich_utils as rich_utils
from typer import _click
from typer._click import formatting
from typer.core import TyperArgument

HELP_OPTION = "Visa den här hjälpen och avsluta."
USAGE = "Användning: "
# What a value of each Python type is called in the help (flags show no value).
TYPE_LABELS = {"str": "TEXT", "int": "HELTAL", "float": "TAL", "Path": "FIL", "bool": ""}


def _label(param: Any) -> str | None:
    if getattr(param, "metavar", None) is not None:
        return None  # the command chose its own (a list of values, say)
    try:
        bare: str = param.bare_type()
    except (AttributeError, AssertionError):
        return None
    if bare.startswith("list["):
        inner = TYPE_LABELS.get(bare[5:-1], "VÄRDE")
        return f"{inner or 'VÄRDE'}..."
    return TYPE_LABELS.get(bare, "VÄRDE")


def _patch_library() -> None:
    rich_utils.DEFAULT_STRING = "[standard: {}]"
    rich_utils.ENVVAR_STRING = "[miljövariabel: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[krävs]"
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argument"
    rich_utils.OPTIONS_PANEL_TITLE = "Alternativ"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandon"
    rich_utils.ERRORS_PANEL_TITLE = "Fel"
    rich_utils.ABORTED_TEXT = "Avbrutet."
    rich_utils.RICH_HELP = "Prova [blue]'{command_path} {help_option}'[/] för hjälp."
    rich_utils.DEPRECATED_STRING = "(utgående) "

    original_help_option = _click.core.Command.get_help_option

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original_help_option(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
            option.metavar = ""
        return option

    _click.core.Command.get_help_option = get_help_option  # type: ignore[method-assign]
    original_usage = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original_usage(
            self, prog, args.replace("[OPTIONS]", "[ALTERNATIV]"), USAGE if prefix is None else prefix
        )

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]


# What an argument is called in the help, by its parameter's name.
ARGUMENT_NAMES = {"case_id": "ÄRENDE", "files": "FILER"}


def swedish_help(command: Any) -> None:
    """Every command's help in Swedish: the library's words, and each parameter's type label."""
    _patch_library()
    pending = [command]
    while pending:
        current = pending.pop()
        pending.extend(getattr(current, "commands", {}).values())
        current.options_metavar = "[ALTERNATIV]"
        if hasattr(current, "subcommand_metavar"):
            current.subcommand_metavar = "KOMMANDO [ARGUMENT]..."
        for param in getattr(current, "params", []):
            if isinstance(param, TyperArgument):
                param.metavar = ARGUMENT_NAMES.get(param.name or "", (param.name or "VÄRDE").upper())
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]  # named below
                continue
            label = _label(param)
            if label is not None:
                param.metavar = label
