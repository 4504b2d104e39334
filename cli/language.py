"""The command line's language: Swedish for the people who use it, English on request.

The choice is made before any help text is built (`--lang en` anywhere on the command line, or
EVICTION_LANG=en), so help, tables, receipts, refusals and errors all follow it. `--json` keys
and codes stay English whatever the language.
"""

import os
import sys
from datetime import datetime

from domain.local_time import STOCKHOLM

LANGUAGES = ("sv", "en")


def _chosen(argv: list[str]) -> str:
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return os.environ.get("EVICTION_LANG", "sv")


def take_language_option(argv: list[str]) -> list[str]:
    """The command line without `--lang X` (it is read once, here and at import)."""
    kept: list[str] = []
    skip = False
    for index, word in enumerate(argv):
        if skip:
            skip = False
            continue
        if word == "--lang" and index + 1 < len(argv):
            skip = True
            continue
        if word.startswith("--lang="):
            continue
        kept.append(word)
    return kept


_ASKED = _chosen(sys.argv[1:])
LANGUAGE = _ASKED if _ASKED in LANGUAGES else "sv"


def t(*, sv: str, en: str) -> str:
    """The text in the command line's language."""
    return sv if LANGUAGE == "sv" else en


def t_list(*, sv: list[str], en: list[str]) -> list[str]:
    return sv if LANGUAGE == "sv" else en


def when(moment: datetime | str) -> str:
    """One time format for people: local time, `2026-11-22 14.05`."""
    parsed = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return parsed.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H.%M")
