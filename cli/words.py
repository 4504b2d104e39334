"""The case's codes as words in the command line's language (English: the codes)."""

from cli.language import t
from domain.swedish import DEADLINES, PHASES, STATUSES, TRACKS


def deadline(code: str) -> str:
    return t(DEADLINES.get(code, code), code)


def phase(code: str) -> str:
    return t(PHASES.get(code, code), code)


def track(code: str) -> str:
    return t(TRACKS.get(code, code), code)


def status(code: str) -> str:
    return t(STATUSES.get(code, code), code)
