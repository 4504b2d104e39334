"""The index of notice ids across cases: which household's case holds each id.

A case knows only its own notices, so "this id was taken in for another household" can only be
answered outside the cases. It lives in the reporting store's database because that is the one
database every process that takes notices in already reaches (SQLite beside the dev server, the
cluster's PostgreSQL in production), and its primary key makes a claim atomic when two operators
take files in at once. Temporal's visibility cannot serve: it is eventually consistent (seconds)
and has no uniqueness. The cases remain the truth: each publication adds the ids its case holds,
so `rebuild-reporting` restores the index from the cases.
"""

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from reporting import schema as s

_BATCH = 500  # ids per statement: far below SQLite's limit on bound parameters


def _insert_if_absent(db: Connection) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING in the store's dialect (SQLite here, PostgreSQL in compose)."""
    if db.dialect.name == "postgresql":
        return postgresql.insert(s.notice_claims).on_conflict_do_nothing(index_elements=["notice_id"])
    if db.dialect.name == "sqlite":
        return sqlite.insert(s.notice_claims).on_conflict_do_nothing(index_elements=["notice_id"])
    raise ValueError(f"the notice index supports SQLite and PostgreSQL, not {db.dialect.name}")


def _add(db: Connection, claims: list[tuple[str, str]], at: datetime) -> None:
    if claims:
        db.execute(
            _insert_if_absent(db),
            [{"notice_id": notice_id, "case_id": case_id, "claimed_at": at} for notice_id, case_id in claims],
        )


def claim_notices(engine: Engine, claims: Iterable[tuple[str, str]], at: datetime) -> dict[str, str]:
    """Claims each (notice id, case id) not yet claimed, in the order given (the first in a file
    wins), and answers which case holds each id: the given one, or the one that held it before."""
    first: dict[str, str] = {}
    for notice_id, case_id in claims:
        first.setdefault(notice_id, case_id)
    held: dict[str, str] = {}
    items = list(first.items())
    for start in range(0, len(items), _BATCH):
        batch = items[start : start + _BATCH]
        with engine.begin() as db:
            _add(db, batch, at)
            ids = [notice_id for notice_id, _ in batch]
            rows = db.execute(
                select(s.notice_claims.c.notice_id, s.notice_claims.c.case_id).where(
                    s.notice_claims.c.notice_id.in_(ids)
                )
            )
            held.update({notice_id: case_id for notice_id, case_id in rows})
    return held


def add_case_notices(db: Connection, case_id: str, notice_ids: list[str], at: datetime) -> None:
    """A case's publication: the ids it holds are claimed for it where no case holds them yet."""
    for start in range(0, len(notice_ids), _BATCH):
        _add(db, [(notice_id, case_id) for notice_id in notice_ids[start : start + _BATCH]], at)
