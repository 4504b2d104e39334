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
    return t(sv=sv_of(value, kind), en=value)


def codes(kind: type[StrEnum], values: list[str]) -> str:
    return ", ".join(code(kind, value) for value in values) or "-"


def yes_no(value: bool | None) -> str:
    if value is None:
        return "-"
    return t(sv="ja", en="yes") if value else t(sv="nej", en="no")


def deadline(value: str) -> str:
    return t(sv=DEADLINES.get(value, value), en=value)


def phase(value: str) -> str:
    return t(sv=PHASES.get(value, value), en=value)


def track(value: str) -> str:
    return t(sv=TRACKS.get(value, value), en=value)


def status(value: str) -> str:
    return t(sv=STATUSES.get(value, value), en=value)
