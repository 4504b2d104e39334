"""Writing to the reporting store: a case's facts, intake's submissions, the agendas written.

Idempotent by construction: a case's publication replaces that case's rows as one transaction,
and one that is older than what the store holds (`as_of`) changes nothing, so a retried or
replayed activity, or a rebuild racing the worker, never counts anything twice.
"""

import fcntl
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select
from sqlalchemy.engine import make_url

from domain.case_facts import CaseFacts, PeriodFact
from domain.closed_set import OTHER, within
from reporting import schema as s
from reporting.notice_index import add_case_notices
from reporting.notice_keys import notice_key

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
OTHER_LANDLORD = OTHER  # a landlord the municipality does not name: possibly a private person


def create_store_engine(url: str, busy_ms: int = 30_000) -> Engine:
    """An engine; SQLite in WAL mode with a busy timeout (the worker writes while people read;
    intake waits less for a locked store, its journal keeps what it could not write)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        Path(parsed.database).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True)
    if parsed.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(connection: Any, _record: Any) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
            cursor.close()

    return engine


_MIGRATED: set[str] = set()
_MIGRATING = threading.Lock()


@contextmanager
def _migration_lock(url: str) -> Iterator[None]:
    """Two processes starting at once (worker, command line) migrate one after the other."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        yield
        return
    with open(f"{parsed.database}.migrate.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def migrate(engine: Engine, notice_id_key: bytes | None = None) -> None:
    """Brings the schema to the newest migration (once per process and database); the key
    hashes notice ids an older store holds as given (migration 0004)."""
    url = engine.url.render_as_string(hide_password=False)
    with _MIGRATING:
        if url in _MIGRATED:
            return
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["notice_id_key"] = notice_id_key
        with _migration_lock(url), engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        _MIGRATED.add(url)


def open_store(url: str, notice_id_key: bytes | None = None, busy_ms: int = 30_000) -> Engine:
    engine = create_store_engine(url, busy_ms)
    migrate(engine, notice_id_key)
    return engine


def _first_personal_contact(facts: CaseFacts, period: PeriodFact) -> datetime | None:
    """The first personal contact within the period (an earlier period's ends where the next
    one starts)."""
    start = period.started_at
    later = [p.started_at for p in [*facts.earlier_periods, facts.period] if p.period > period.period]
    end = min((moment for moment in later if moment is not None), default=None)
    personal = [
        c.at
        for c in facts.contacts
        if c.personal and (start is None or c.at >= start) and (end is None or c.at < end)
    ]
    return min(personal) if personal else None


_WRITERS: dict[str, threading.Lock] = {}


@contextmanager
def one_writer(engine: Engine) -> Iterator[Connection]:
    """A transaction, on SQLite one writer at a time across this machine's threads and
    processes, each handed the store the moment the last one commits. SQLite's own busy wait
    sleeps in growing steps of up to 100 ms: with two workers publishing from eight threads
    each, a publication of 5 ms took 150-300 ms, most of it asleep (issue 20)."""
    parsed = engine.url
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        with engine.begin() as db:
            yield db
        return
    lock = _WRITERS.setdefault(parsed.database, threading.Lock())
    with lock, open(f"{parsed.database}.write.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        with engine.begin() as db:
            yield db


def publish(engine: Engine, facts: CaseFacts, landlord: str | None) -> bool:
    """Writes the case's facts; False when the store already holds a newer publication."""
    if facts.as_of is None:
        raise ValueError("facts to publish carry the time they are as of")
    with one_writer(engine) as db:
        held = db.execute(
            select(s.cases.c.as_of).where(s.cases.c.case_id == facts.case_id).with_for_update()
        ).scalar_one_or_none()
        if held is not None and held > facts.as_of:
            return False
        _replace_case(db, facts, landlord, facts.as_of, first=held is None)
    return True


def _replace_case(
    db: Connection, facts: CaseFacts, landlord: str | None, as_of: datetime, first: bool
) -> None:
    """The case's rows, replaced. `first`: the store holds no row of the case (its rows are
    written and cleared together with its `cases` row), so there is nothing to delete; half
    the statements of a publication (issue 20). Two first publications at once cannot both
    land: the second's `cases` row breaks the key and its transaction writes nothing."""
    case_id, period = facts.case_id, facts.period
    if not first:
        db.execute(delete(s.cases).where(s.cases.c.case_id == case_id))
    # The values as parameters, not in the statement: the statement is then the same each time
    # and SQLAlchemy finds it compiled without walking the values (issue 20).
    db.execute(
        insert(s.cases),
        {
            "case_id": case_id,
            "case_number": facts.case_number,
            "district": facts.district,
            "landlord": landlord,
            "children": facts.children,
            "elderly": facts.elderly,
            "officer": facts.officer,
            "phase": period.phase,
            "period": period.period,
            "open_tasks_sv": json.dumps(facts.open_tasks_sv, ensure_ascii=False),
            "alerts_held": facts.alerts_held,
            "missed_open": json.dumps(facts.missed_open),
            "as_of": facts.as_of,
        },
    )
    # Every period the case carries is replaced; an earlier one it does not carry (a case
    # reopened before it kept them) keeps the rows it was last published with.
    for period in [*facts.earlier_periods, facts.period]:
        _replace_period(db, facts, period, first)
    add_case_notices(db, case_id, [n.notice_id for n in facts.notices], as_of)
    for table, rows in (
        (s.notices, [n.model_dump() for n in facts.notices]),
        (s.letters, [letter.model_dump() for letter in facts.letters]),
        (s.contacts, [c.model_dump() for c in facts.contacts]),
        (s.alerts, [a.model_dump() for a in facts.alerts]),
        (s.interventions, [i.model_dump() for i in facts.interventions]),
    ):
        if not first:
            db.execute(delete(table).where(table.c.case_id == case_id))
        if rows:
            db.execute(insert(table), [{"case_id": case_id, **row} for row in rows])


def _replace_period(db: Connection, facts: CaseFacts, period: PeriodFact, first: bool) -> None:
    case_id = facts.case_id
    if not first:
        for table in (s.periods, s.deadlines):
            db.execute(delete(table).where(table.c.case_id == case_id, table.c.period == period.period))
    opening = [n.received_at for n in facts.notices if n.period == period.period]
    values = period.model_dump(exclude={"deadlines", "tracks"})
    db.execute(
        insert(s.periods),
        {
            "case_id": case_id,
            "tracks": ",".join(period.tracks),
            "first_notice_at": min(opening) if opening else None,
            "first_personal_contact_at": _first_personal_contact(facts, period),
            **values,
        },
    )
    if period.deadlines:
        db.execute(
            insert(s.deadlines),
            [{"case_id": case_id, "period": period.period, **d.model_dump()} for d in period.deadlines],
        )


def clear_cases(engine: Engine) -> None:
    """Before a rebuild: every case's rows go; intake's submissions, the agendas and the notice
    index stay (the index is a claim, not a report: the cases' publications add to it)."""
    with engine.begin() as db:
        for table in (
            s.alerts,
            s.interventions,
            s.contacts,
            s.letters,
            s.notices,
            s.deadlines,
            s.periods,
            s.cases,
        ):
            db.execute(delete(table))


def reported_landlord(name: str | None, named: list[str]) -> str | None:
    """The landlord as the store keeps it: a name the municipality lists, else `other` (with
    no list configured, every landlord is `other`: a name is never copied unchecked)."""
    return within(name, named) if named else (None if name is None else OTHER_LANDLORD)


def publish_shown(
    engine: Engine, facts: CaseFacts, named: list[str], districts: list[str], notice_id_key: bytes
) -> bool:
    """Publishes the facts as the store may show them: the landlord and district within the
    municipality's lists, notice ids as keyed hashes."""
    notices = [
        n.model_copy(update={"notice_id": notice_key(n.notice_id, notice_id_key)}) for n in facts.notices
    ]
    shown = facts.model_copy(update={"district": within(facts.district, districts), "notices": notices})
    return publish(engine, shown, reported_landlord(facts.landlord, named))
