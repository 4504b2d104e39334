"""The reporting store on a real PostgreSQL (issue 21): its migrations (with the notice ids an
older store held as given), the notice index with four writers claiming at once, a lost store
rebuilt from what the cases publish, and the report: the same figures as on SQLite."""

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, select, text

from domain.case_facts import CaseFacts
from reporting import figures, schema as s
from reporting.notice_index import claim_notices
from reporting.notice_keys import is_notice_key, notice_key
from reporting.store import MIGRATIONS, clear_cases, create_store_engine, open_store, publish
from reporting.submissions import journal, load_journal
from tests.postgres import fresh_database, postgres_cluster

pytestmark = pytest.mark.postgres
KEY = b"k" * 32
AT = datetime(2026, 11, 16, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with postgres_cluster() as url:
        yield url


@pytest.fixture
def database(cluster: str) -> str:
    return fresh_database(cluster, f"reporting_{uuid.uuid4().hex[:8]}")


def test_migrations_run_on_postgresql_and_hash_the_ids_an_older_store_kept(database: str) -> None:
    engine = create_store_engine(database)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
    with engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO notices VALUES ('c-1', 'PRIV-19840404-7774-1', 'rent_arrears', 'landlord', "
                ":at, 'opened', 1)"
            ),
            {"at": AT.replace(tzinfo=None)},
        )
        db.execute(
            text("INSERT INTO notice_claims VALUES ('PRIV-19840404-7774-1', 'c-1', :at, TRUE)"),
            {"at": AT.replace(tzinfo=None)},
        )
    with pytest.raises(RuntimeError, match="case id key"):
        open_store(database)  # without the key the ids cannot be hashed: refused, nothing half done
    engine = open_store(database, KEY)
    with engine.connect() as db:
        kept = set(db.execute(select(s.notice_claims.c.notice_id)).scalars())
        kept |= set(db.execute(select(s.notices.c.notice_id)).scalars())
    assert kept == {notice_key("PRIV-19840404-7774-1", KEY)} and all(map(is_notice_key, kept))


def test_four_writers_claiming_at_once_never_give_one_id_to_two_cases(database: str) -> None:
    open_store(database, KEY)
    ids = [notice_key(f"N-{n}", KEY) for n in range(600)]
    answers: dict[str, dict[str, str]] = {}

    def operator(case_id: str) -> None:
        held = claim_notices(create_store_engine(database), [(i, case_id) for i in ids], AT)
        answers[case_id] = {notice_id: holder.case_id for notice_id, holder in held.items()}

    threads = [threading.Thread(target=operator, args=(f"c-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with create_store_engine(database).connect() as db:
        stored = dict(db.execute(select(s.notice_claims.c.notice_id, s.notice_claims.c.case_id)).all())
    assert sorted(stored) == sorted(ids)
    assert all(held == stored for held in answers.values())


def _cases() -> list[tuple[CaseFacts, str]]:
    from bench.report_benchmark import LANDLORDS, case

    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [(case(index, start), LANDLORDS[index % len(LANDLORDS)]) for index in range(120)]


def test_the_report_on_postgresql_is_the_report_on_sqlite_also_after_a_rebuild(
    database: str, tmp_path: Path
) -> None:
    pg, lite = open_store(database, KEY), open_store(f"sqlite:///{tmp_path / 'reporting.db'}", KEY)
    cases = _cases()
    for facts, landlord in cases:
        publish(pg, facts, landlord)
        publish(lite, facts, landlord)
    journal(
        [
            {
                "submission_id": uuid.uuid4().hex,
                "status": "rejected",
                "notice_id": notice_key("BAD-1", KEY),
                "case_id": None,
                "kind": None,
                "sender_kind": None,
                "landlord": "other",
                "district": None,
                "received_at": None,
                "submitted_at": datetime(2026, 11, 2, 10, tzinfo=UTC),
                "reasons": '[{"field": "kind", "reason": "is not one of the kinds"}]',
            }
        ],
        tmp_path,
    )
    load_journal(pg, tmp_path)
    load_journal(lite, tmp_path)
    now = datetime(2026, 12, 15, 12, tzinfo=UTC)
    period = figures.quarter("2026-Q4")

    def reported(engine: Engine) -> dict[str, Any]:
        return figures.report(figures.read_store(engine), period, now, None)

    on_pg, on_lite = reported(pg), reported(lite)
    assert on_pg["totals"]["notices_received"] > 0 and on_pg["totals"]["rejected"] == 1
    for part in ("totals", "by_district", "by_landlord", "previous_period"):
        assert on_pg[part] == on_lite[part], part
    # Lost (the cases' rows cleared) and rebuilt from the same publications and the journal.
    clear_cases(pg)
    with pg.begin() as db:
        db.execute(s.submissions.delete())
    for facts, landlord in cases:
        publish(pg, facts, landlord)
    load_journal(pg, tmp_path)
    again = reported(pg)
    for part in ("totals", "by_district", "by_landlord"):
        assert again[part] == on_pg[part], part


def test_the_senders_and_their_receipts_on_postgresql(database: str) -> None:
    """Issue 22's tables (migration 0006) on PostgreSQL: a sender's secret, revocation, and the
    receipts found by notice id, by key and by month, sealed to their sender."""
    from domain.notices import SenderKind
    from intake_api.receipts import SenderReceipt, SenderReceipts
    from intake_api.senders import SenderStore

    engine = open_store(database, KEY)
    senders = SenderStore(engine)
    sender, secret = senders.add("Kronofogdemyndigheten", SenderKind.KRONOFOGDEN)
    assert senders.authenticate(secret) == sender
    receipts = SenderReceipts(engine, KEY)
    receipt = SenderReceipt("KFM-1", "eviction", "opened", "household-x", None, AT, "h" * 64)
    assert receipts.record(sender.sender_id, "key-1", receipt, AT) == receipt
    again = SenderReceipt("KFM-1", "eviction", "duplicate", "household-x", None, AT, "h" * 64)
    assert receipts.record(sender.sender_id, "key-2", again, AT) == receipt  # the first answer stays
    receipts.set_case_number(sender.sender_id, "KFM-1", "VRK 2026-000001")
    found = receipts.by_idempotency_key(sender.sender_id, "key-1")
    assert found is not None and found.case_number == "VRK 2026-000001"
    assert [r.notice_id for r in receipts.of_month(sender.sender_id, "2026-11")] == ["KFM-1"]
    assert receipts.by_notice_id("snd-other", "KFM-1") is None
    assert senders.revoke(sender.sender_id) and senders.authenticate(secret) is None


def test_two_first_publications_of_a_case_at_once_leave_its_rows_once(database: str) -> None:
    """A first publication deletes nothing (the store holds no row of the case): of two at
    once (a worker and a rebuild), the second breaks the case's key and writes nothing; its
    retry replaces the rows. Every table holds the case's rows once."""
    engine = open_store(database, KEY)
    facts, landlord = _cases()[5]
    gate = threading.Barrier(2)
    failed: list[str] = []

    def first() -> None:
        gate.wait()
        try:
            publish(engine, facts, landlord)
        except Exception as error:
            failed.append(type(error).__name__)
            publish(engine, facts, landlord)  # the activity's retry

    threads = [threading.Thread(target=first) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(failed) <= {"IntegrityError"}
    with engine.connect() as db:
        for table, expected in (
            (s.cases, 1),
            (s.notices, len(facts.notices)),
            (s.letters, len(facts.letters)),
            (s.contacts, len(facts.contacts)),
            (s.deadlines, sum(len(p.deadlines) for p in [*facts.earlier_periods, facts.period])),
        ):
            rows = db.execute(select(table).where(table.c.case_id == facts.case_id)).all()
            assert len(rows) == expected, table.name
