"""The index of notice ids as intake uses it (reporting/notice_index.py says where it lives and
why): each call in a thread of its own, so a slow database never stalls the sends."""

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Engine

from reporting.notice_index import Holder, claim_notices, mark_taken_in, release_claims, take_over
from reporting.notice_keys import notice_key
from reporting.store import open_store


class StoreNoticeIndex:
    """The notice index in the reporting store's database at `url`; ids go in as keyed hashes
    (reporting/notice_keys.py) and the answers come back by the ids intake knows."""

    def __init__(self, url: str, notice_id_key: bytes) -> None:
        self._url = url
        self._key = notice_id_key
        self._engine: Engine | None = None

    def _store(self) -> Engine:
        if self._engine is None:
            self._engine = open_store(self._url, self._key)
        return self._engine

    def _hashed(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(notice_key(notice_id, self._key), case_id) for notice_id, case_id in pairs]

    async def claim(self, claims: list[tuple[str, str]]) -> dict[str, Holder]:
        plain = {notice_key(notice_id, self._key): notice_id for notice_id, _ in claims}
        held = await asyncio.to_thread(
            lambda: claim_notices(self._store(), self._hashed(claims), datetime.now(UTC))
        )
        return {plain[hashed]: holder for hashed, holder in held.items()}

    async def taken_in(self, pairs: Iterable[tuple[str, str]]) -> None:
        items = self._hashed(pairs)
        if items:
            await asyncio.to_thread(lambda: mark_taken_in(self._store(), items))

    async def release(self, pairs: Iterable[tuple[str, str]]) -> None:
        items = self._hashed(pairs)
        if items:
            await asyncio.to_thread(lambda: release_claims(self._store(), items))

    async def take_over(self, notice_id: str, before: Holder, case_id: str) -> bool:
        hashed = notice_key(notice_id, self._key)
        return await asyncio.to_thread(
            lambda: take_over(self._store(), hashed, before, case_id, datetime.now(UTC))
        )
