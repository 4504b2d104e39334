"""The index of notice ids across cases: which household's case holds each id.

A case knows only its own notices, so "this id was taken in for another household" can only be
answered outside the cases. It lives in the reporting store's database because that is the one
database every process that takes notices in already reaches (SQLite beside the dev server, the
cluster's PostgreSQL in production), and its primary key makes a claim atomic when two operators
take files in at once. Temporal's visibility cannot serve: it is eventually consistent (seconds)
and has no uniqueness. The cases remain the truth: each publication adds the ids its case holds,
so `rebuild-reporting` restores the index from the cases.

A claim is made before the notice is sent and is *pending* until the case has the notice: the
intake that sent it marks it taken in on the case's receipt, and the case's own publication does
too. A send the case refused releases the claim at once. A send whose fate is unknown (the server
died, no answer) leaves it pending: within `CLAIM_LEASE` nobody else may take the id (that send
may still land), and after it the holding case is asked whether it has the notice before the id
goes to another household (`infra/intake.py`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, bindparam, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from reporting import schema as s

_BATCH = 500  # ids per statement: far below SQLite's limit on bound parameters
# How long a pending claim is kept from everyone else: far longer than one send can take (an
# intake waits at most twice a minute for a case's answer), so a send still under way can never
# land in one household while the id goes to another.
CLAIM_LEASE = timedelta(minutes=10)


@dataclass(frozen=True)
class Holder:
    """The case that holds a notice id, and whether it has taken the notice in."""

    case_id: str
    taken_in: bool
    claimed_at: datetime

    def lease_ends(self) -> datetime:
        return self.claimed_at + CLAIM_LEASE


def _insert_if_absent(db: Connection) -> Insert:
    """INSERT ... ON CONFLICT DO NOTHING in the store's dialect (SQLite here, PostgreSQL in compose)."""
    if db.dialect.name == "postgresql":
        return postgresql.insert(s.notice_claims).on_conflict_do_nothing(index_elements=["notice_id"])
    if db.dialect.name == "sqlite":
        return sqlite.insert(s.notice_claims).on_conflict_do_nothing(index_elements=["notice_id"])
    raise ValueError(f"the notice index supports SQLite and PostgreSQL, not {db.dialect.name}")


def _add(db: Connection, claims: list[tuple[str, str]], at: datetime, taken_in: bool) -> None:
    if claims:
        db.execute(
            _insert_if_absent(db),
            [
                {"notice_id": notice_id, "case_id": case_id, "claimed_at": at, "taken_in": taken_in}
                for notice_id, case_id in claims
            ],
        )


def _batches(items: list[tuple[str, str]]) -> Iterable[list[tuple[str, str]]]:
    for start in range(0, len(items), _BATCH):
        yield items[start : start + _BATCH]


def claim_notices(engine: Engine, claims: Iterable[tuple[str, str]], at: datetime) -> dict[str, Holder]:
    """Claims each (notice id, case id) not yet claimed, pending, in the order given (the first
    in a file wins), and answers which case holds each id: the given one, or the one before."""
    first: dict[str, str] = {}
    for notice_id, case_id in claims:
        first.setdefault(notice_id, case_id)
    held: dict[str, Holder] = {}
    for batch in _batches(list(first.items())):
        with engine.begin() as db:
            _add(db, batch, at, taken_in=False)
            c = s.notice_claims.c
            rows = db.execute(
                select(c.notice_id, c.case_id, c.taken_in, c.claimed_at).where(
                    c.notice_id.in_([notice_id for notice_id, _ in batch])
                )
            )
            held.update({row.notice_id: Holder(row.case_id, row.taken_in, row.claimed_at) for row in rows})
    return held


def _one_claim(notice_id: Any, case_id: Any) -> ColumnElement[bool]:
    c = s.notice_claims.c
    return and_(c.notice_id == notice_id, c.case_id == case_id)


# One statement for a batch of (notice id, case id) pairs, executed for each pair at once.
_THIS_CLAIM = _one_claim(bindparam("n"), bindparam("c"))


def _each(batch: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"n": notice_id, "c": case_id} for notice_id, case_id in batch]


def mark_taken_in(engine: Engine, pairs: Iterable[tuple[str, str]]) -> None:
    """The cases answered that they hold these notices: their claims are taken in for good."""
    for batch in _batches(list(pairs)):
        with engine.begin() as db:
            db.execute(update(s.notice_claims).where(_THIS_CLAIM).values(taken_in=True), _each(batch))


def release_claims(engine: Engine, pairs: Iterable[tuple[str, str]]) -> None:
    """The cases refused these notices: their pending claims go (a claim taken in never does)."""
    pending = s.notice_claims.c.taken_in.is_(False)
    for batch in _batches(list(pairs)):
        with engine.begin() as db:
            db.execute(delete(s.notice_claims).where(_THIS_CLAIM, pending), _each(batch))


def take_over(engine: Engine, notice_id: str, before: Holder, case_id: str, at: datetime) -> bool:
    """Moves a pending claim whose case never took the notice in to `case_id`, only if nobody
    changed it since it was read (compare and swap). True when `case_id` now holds it."""
    c = s.notice_claims.c
    with engine.begin() as db:
        moved = db.execute(
            update(s.notice_claims)
            .where(
                _one_claim(notice_id, before.case_id),
                c.taken_in.is_(False),
                c.claimed_at == before.claimed_at,
            )
            .values(case_id=case_id, claimed_at=at)
        )
        return bool(moved.rowcount)


def add_case_notices(db: Connection, case_id: str, notice_ids: list[str], at: datetime) -> None:
    """A case's publication: the ids it holds are claimed for it, taken in, where no case holds
    them yet, and its own pending claims are marked taken in."""
    c = s.notice_claims.c
    for start in range(0, len(notice_ids), _BATCH):
        batch = notice_ids[start : start + _BATCH]
        _add(db, [(notice_id, case_id) for notice_id in batch], at, taken_in=True)
        db.execute(
            update(s.notice_claims)
            .where(c.notice_id.in_(batch), c.case_id == case_id, c.taken_in.is_(False))
            .values(taken_in=True)
        )
