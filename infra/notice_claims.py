"""The index of notice ids as intake uses it (reporting/notice_index.py says where it lives and
why): each call in a thread of its own, so a slow database never stalls the sends."""

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine

from reporting.notice_index import Holder, claim_notices, mark_taken_in, release_claims, take_over
from reporting.store import open_store


class StoreNoticeIndex:
    """The notice index in the reporting store's database at `url`."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._engine: Engine | None = None

    def _store(self) -> Engine:
        if self._engine is None:
            self._engine = open_store(self._url)
        return self._engine

    async def claim(self, claims: list[tuple[str, str]]) -> dict[str, Holder]:
        return await asyncio.to_thread(lambda: claim_notices(self._store(), claims, datetime.now(UTC)))

    async def taken_in(self, pairs: Iterable[tuple[str, str]]) -> None:
        items = list(pairs)
        if items:
            await asyncio.to_thread(lambda: mark_taken_in(self._store(), items))

    async def release(self, pairs: Iterable[tuple[str, str]]) -> None:
        items = list(pairs)
        if items:
            await asyncio.to_thread(lambda: release_claims(self._store(), items))

    async def take_over(self, notice_id: str, before: Holder, case_id: str) -> bool:
        return await asyncio.to_thread(
            lambda: take_over(self._store(), notice_id, before, case_id, datetime.now(UTC))
        )
