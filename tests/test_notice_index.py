"""The index of notice ids across cases, on a real SQLite file as the dev server's set-up uses it."""

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import select

from reporting import schema as s
from reporting.notice_index import (
    CLAIM_LEASE,
    Holder,
    add_case_notices,
    claim_notices,
    mark_taken_in,
    release_claims,
    take_over,
)
from reporting.notice_keys import notice_key
from reporting.store import MIGRATIONS, clear_cases, create_store_engine, open_store

AT = datetime(2026, 11, 16, 9, tzinfo=UTC)
KEY = b"k" * 32


def holders(held: dict[str, Holder]) -> dict[str, str]:
    return {notice_id: holder.case_id for notice_id, holder in held.items()}


def test_the_first_claim_in_order_wins_and_every_later_one_is_told_who_holds_the_id(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'reporting.db'}")
    held = claim_notices(engine, [("N-1", "c-a"), ("N-2", "c-b"), ("N-1", "c-c")], AT)
    assert holders(held) == {"N-1": "c-a", "N-2": "c-b"}
    again = claim_notices(engine, [("N-2", "c-z"), ("N-1", "c-a"), ("N-3", "c-c")], AT)
    assert holders(again) == {"N-1": "c-a", "N-2": "c-b", "N-3": "c-c"}
    clear_cases(engine)  # a rebuild of the reports keeps the index
    assert holders(claim_notices(engine, [("N-3", "c-q")], AT)) == {"N-3": "c-c"}


def test_operators_claiming_at_once_never_give_one_id_to_two_cases(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'reporting.db'}"
    open_store(url)
    ids = [f"N-{n}" for n in range(600)]  # more than one batch
    answers: dict[str, dict[str, str]] = {}

    def operator(case_id: str) -> None:
        answers[case_id] = holders(claim_notices(create_store_engine(url), [(i, case_id) for i in ids], AT))

    threads = [threading.Thread(target=operator, args=(f"c-{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with create_store_engine(url).connect() as db:
        stored = dict(db.execute(select(s.notice_claims.c.notice_id, s.notice_claims.c.case_id)).all())
    assert sorted(stored) == sorted(ids)
    for case_id, held in answers.items():
        assert held == stored, f"{case_id} was told another holder than the store keeps"


def test_the_migration_claims_the_notices_cases_published_before_the_index(tmp_path: Path) -> None:
    database = tmp_path / "reporting.db"
    engine = create_store_engine(f"sqlite:///{database}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    later = AT + timedelta(days=1)
    with sqlite3.connect(database) as db:  # two cases took the same id in before the index existed
        db.executemany(
            "INSERT INTO notices VALUES (?, ?, 'rent_arrears', 'landlord', ?, 'opened', 1)",
            [
                ("c-late", "N-1", later.replace(tzinfo=None)),
                ("c-first", "N-1", AT.replace(tzinfo=None)),
                ("c-late", "N-2", later.replace(tzinfo=None)),
            ],
        )
    engine = open_store(f"sqlite:///{database}", KEY)
    n1, n2 = notice_key("N-1", KEY), notice_key("N-2", KEY)
    held = claim_notices(engine, [(n1, "c-new"), (n2, "c-new")], AT)
    assert holders(held) == {n1: "c-first", n2: "c-late"}
    assert all(holder.taken_in for holder in held.values())  # published notices were taken in
    # Migration 0004: no notice id is kept as the sender wrote it (one may hold a personnummer).
    with sqlite3.connect(database) as db:
        for table in ("notices", "notice_claims"):
            kept = {row[0] for row in db.execute(f"SELECT notice_id FROM {table}")}
            assert kept == {n1, n2}, table


def test_a_claim_is_pending_until_its_case_answers_and_a_refused_one_goes(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'reporting.db'}")
    held = claim_notices(engine, [("N-1", "c-a"), ("N-2", "c-a"), ("N-3", "c-b")], AT)
    assert not any(holder.taken_in for holder in held.values())
    mark_taken_in(engine, [("N-1", "c-a"), ("N-3", "c-other")])  # only the holder's answer counts
    release_claims(engine, [("N-2", "c-a"), ("N-1", "c-a")])  # a claim taken in never goes
    now = claim_notices(engine, [("N-1", "c-z"), ("N-2", "c-z"), ("N-3", "c-z")], AT)
    assert {n: (h.case_id, h.taken_in) for n, h in now.items()} == {
        "N-1": ("c-a", True),
        "N-2": ("c-z", False),  # released: the corrected notice may have it
        "N-3": ("c-b", False),
    }


def test_a_pending_claim_moves_only_if_nobody_changed_it_and_a_publication_takes_it_in(
    tmp_path: Path,
) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'reporting.db'}")
    [before] = claim_notices(engine, [("N-1", "c-a")], AT).values()
    assert before.lease_ends() == AT + CLAIM_LEASE
    later = AT + CLAIM_LEASE
    assert take_over(engine, "N-1", before, "c-b", later)
    assert not take_over(engine, "N-1", before, "c-c", later)  # read before the move: refused
    [moved] = claim_notices(engine, [("N-1", "c-c")], later).values()
    assert (moved.case_id, moved.claimed_at) == ("c-b", later)
    with engine.begin() as db:
        add_case_notices(db, "c-b", ["N-1", "N-9"], later)
    taken = claim_notices(engine, [("N-1", "c-c"), ("N-9", "c-c")], later)
    assert {n: (h.case_id, h.taken_in) for n, h in taken.items()} == {
        "N-1": ("c-b", True),
        "N-9": ("c-b", True),
    }
    assert not take_over(engine, "N-1", taken["N-1"], "c-c", later)  # taken in: never moved
