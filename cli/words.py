"""The case's codes as words in the command line's language, from the one catalogue
(`domain/words.py`): Swedish words in Swedish; in English, the codes (what scripts and the
contract know). The supervisors' list reads deadlines, phases, tracks and statuses from
`domain/swedish.py`, the catalogue's light copy (tests/test_words.py keeps them equal), so it
loads no case model."""

from enum import StrEnum

from cli.language import t
from domain.swedish import DEADLINES, PHASES, STATUSES, TRACKS


def code(kind: type[StrEnum], value: str | None) -> str:
    """A code the view holds as text, as the word a person reads."""
    from domain.words import sv_of

    if value is None:
        return "-"
    return t(sv_of(value, kind), value)


def codes(kind: type[StrEnum], values: list[str]) -> str:
    return ", ".join(code(kind, value) for value in values) or "-"


def yes_no(value: bool | None) -> str:
    if value is None:
        return "-"
    return t("ja", "yes") if value else t("nej", "no")


def deadline(value: str) -> str:
    return t(DEADLINES.get(value, value), value)


def phase(value: str) -> str:
    return t(PHASES.get(value, value), value)


def track(value: str) -> str:
    return t(TRACKS.get(value, value), value)


def status(value: str) -> str:
    return t(STATUSES.get(value, value), value)
