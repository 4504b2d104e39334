"""The reporting activities: a case publishes its facts; the schedule writes the agenda.

A publication retries until the store takes it (the database may be down for a while); the
case does not wait for it before a letter (see the workflow's publisher).
"""

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from temporalio import activity

from activities.metrics import PUBLICATIONS_WAITING, count
from activities.names import PUBLISH_CASE_FACTS, WRITE_AGENDA
from domain.case_facts import CaseFacts
from domain.requests import AgendaRequest, AgendaWritten
from infra.agenda_schedule import next_meeting_of
from infra.case_list import ended_from_outside, not_yet_shown
from infra.settings import AgendaSettings
from reporting.store import open_store, publish_shown

AgendaWriter = Callable[
    [Engine, Path, datetime, bool, frozenset[str], datetime | None, tuple[str, ...], int], AgendaWritten
]


class ReportingActivities:
    def __init__(
        self,
        *,
        url: str,
        named_landlords: list[str],
        outbox_dir: Path,
        notice_id_key: bytes,
        districts: list[str] | None = None,
        write: AgendaWriter | None = None,
        agenda: AgendaSettings | None = None,
    ) -> None:
        self._url = url
        self._named = named_landlords
        self._districts = districts or []
        self._outbox = outbox_dir
        self._notice_id_key = notice_id_key
        self._write = write
        self._agenda = agenda
        self._engine: Engine | None = None

    def _store(self) -> Engine:
        if self._engine is None:
            self._engine = open_store(self._url, self._notice_id_key)
        return self._engine

    @activity.defn(name=PUBLISH_CASE_FACTS)
    def publish_case_facts(self, facts: CaseFacts) -> bool:
        """True when written; False when the store already held a newer publication."""
        try:
            return publish_shown(self._store(), facts, self._named, self._districts, self._notice_id_key)
        except Exception:  # retried until the store is back: a publication waits meanwhile
            count(PUBLICATIONS_WAITING, "Publications to the reporting store that failed, to be retried")
            raise

    @activity.defn(name=WRITE_AGENDA)
    async def write_agenda(self, request: AgendaRequest) -> AgendaWritten:
        """Async for the worker's client: which cases were ended from outside and which have shown
        nothing yet (visibility queries); the writing itself runs in a thread."""
        if self._write is None:
            raise RuntimeError("this worker writes no agendas")
        ended = frozenset(await ended_from_outside(activity.client()))
        shown = await not_yet_shown(activity.client())
        named = tuple(row.case_id for row in shown.cases)
        write, now = self._write, request.written_at
        following = next_meeting_of(self._agenda, now) if self._agenda else None
        return await asyncio.to_thread(
            lambda: write(self._store(), self._outbox, now, True, ended, following, named, shown.more)
        )

    def all(self) -> list[Any]:
        return [self.publish_case_facts, self.write_agenda]
