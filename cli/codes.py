"""The case's codes as option values people type: the Swedish value from the catalogue
(`domain/words.py`, `--method telefon`) or the English code (`--method phone`, which scripts
use), case-insensitively; the help lists the values in the command line's language."""

import inspect
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, get_args, get_origin

from typer.models import OptionInfo

from cli.language import LANGUAGE, t
from domain.words import WORDS, known, option_value


def allowed(kind: type[StrEnum]) -> list[str]:
    """The values shown for a code list: Swedish in Swedish, the codes in English."""
    return [option_value(code) if LANGUAGE == "sv" else code.value for code in kind]


def code_parser(kind: type[StrEnum]) -> Callable[[Any], StrEnum]:
    """Turns what a person typed into the code: its Swedish value, its Swedish word or the code."""
    accepted: dict[str, StrEnum] = {}
    for code in kind:
        for spelling in (code.value, option_value(code), WORDS[code].sv):
            accepted.setdefault(spelling.casefold(), code)
            accepted.setdefault(spelling.casefold().replace(" ", "_"), code)

    def parse(value: Any) -> StrEnum:
        if isinstance(value, kind):
            return value
        found = accepted.get(str(value).strip().casefold())
        if found is None:
            listed = ", ".join(repr(v) for v in allowed(kind))
            raise ValueError(f"{str(value)!r} is not one of {listed}.")
        return found

    return parse


def _code_list(annotation: Any) -> tuple[type[StrEnum], OptionInfo] | None:
    """The code list an option takes (`Kind`, `Kind | None`, `list[Kind] | None`) and its info."""
    if get_origin(annotation) is not Annotated:
        return None
    inner, *extras = get_args(annotation)
    info = next((e for e in extras if isinstance(e, OptionInfo)), None)
    pending, seen = [inner], []
    while pending:  # the type and every type inside it, breadth first
        candidate = pending.pop(0)
        seen.append(candidate)
        pending += get_args(candidate)
    kinds = [c for c in seen if isinstance(c, type) and issubclass(c, StrEnum) and known(next(iter(c)))]
    return (kinds[0], info) if kinds and info is not None else None


def with_swedish_values(command: Callable[..., Any]) -> None:
    """Every code-list option of `command` accepts the Swedish values and lists them in its help."""
    for parameter in inspect.signature(command).parameters.values():
        found = _code_list(parameter.annotation)
        if found is None:
            continue
        kind, info = found
        info.parser = code_parser(kind)
        values = ", ".join(allowed(kind))
        info.help = f"{info.help or ''} {t(sv='Värden', en='Values')}: {values}.".strip()
        info.metavar = info.metavar or t(sv="VÄRDE", en="VALUE")
