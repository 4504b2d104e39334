"""Look-ups in the population register and in social services' own client index.

Both are interfaces: the embedded default reads local JSON files, and a municipality plugs
in its real register behind the same protocol without touching the workflow.
"""

import json
from pathlib import Path
from typing import Protocol

from domain.requests import KnownClient, PopulationRegisterEntry


class PopulationRegister(Protocol):
    def lookup(self, personnummer: str) -> PopulationRegisterEntry: ...


class ClientIndex(Protocol):
    def lookup(self, personnummer: str) -> KnownClient: ...


class _JsonFile:
    """A JSON register file, parsed once and again only when it changes on disk."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stamp: tuple[int, int] | None = None
        self._entries: dict[str, dict[str, object]] = {}

    def get(self, key: str) -> dict[str, object] | None:
        status = self._path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        if stamp != self._stamp:
            loaded = json.loads(self._path.read_text(encoding="utf-8"))
            self._entries = {k: v for k, v in loaded.items() if not k.startswith("_")}
            self._stamp = stamp
        return self._entries.get(key)


class FilePopulationRegister:
    """Population register stand-in: one JSON object keyed by personnummer."""

    def __init__(self, path: Path) -> None:
        self._file = _JsonFile(path)

    def lookup(self, personnummer: str) -> PopulationRegisterEntry:
        entry = self._file.get(personnummer)
        if entry is None:
            # Not found: unknown, which the case shows as "check the register by hand".
            return PopulationRegisterEntry()
        return PopulationRegisterEntry.model_validate(entry)


class FileClientIndex:
    """Client index stand-in: who is known to social services already, and in which unit."""

    def __init__(self, path: Path) -> None:
        self._file = _JsonFile(path)

    def lookup(self, personnummer: str) -> KnownClient:
        entry = self._file.get(personnummer)
        if entry is None:
            return KnownClient(known=False)
        return KnownClient.model_validate({"known": True, **entry})
