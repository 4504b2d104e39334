"""Look-ups in the population register and in social services' own client index.

Both are interfaces: the embedded default reads local JSON files, and a municipality plugs
in its real register behind the same protocol without touching the workflow.
"""

import json
from pathlib import Path
from typing import Protocol

from domain.messages import KnownClient, PopulationRegisterEntry


class PopulationRegister(Protocol):
    def lookup(self, personnummer: str) -> PopulationRegisterEntry: ...


class ClientIndex(Protocol):
    def lookup(self, personnummer: str) -> KnownClient: ...


def _load(path: Path) -> dict[str, dict[str, object]]:
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {key: value for key, value in loaded.items() if not key.startswith("_")}


class FilePopulationRegister:
    """Population register stand-in: one JSON object keyed by personnummer."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def lookup(self, personnummer: str) -> PopulationRegisterEntry:
        entry = _load(self._path).get(personnummer)
        if entry is None:
            # Not found: unknown, which the case shows as "check the register by hand".
            return PopulationRegisterEntry()
        return PopulationRegisterEntry.model_validate(entry)


class FileClientIndex:
    """Client index stand-in: who is known to social services already, and in which unit."""

    def __init__(self, path: Path) -> None:
        self._path = path

    def lookup(self, personnummer: str) -> KnownClient:
        entry = _load(self._path).get(personnummer)
        if entry is None:
            return KnownClient(known=False)
        return KnownClient.model_validate({"known": True, **entry})
