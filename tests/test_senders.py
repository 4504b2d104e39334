"""The senders' credentials (issue 22): only an Argon2id hash is stored, a revoked sender is
refused at once, and guessing one sender's secret is bounded; the receipts kept per sender
hold nothing a person could read."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.notices import SenderKind
from intake_api.receipts import SenderReceipt, SenderReceipts
from intake_api.senders import WRONG_SECRETS, SenderStore
from reporting import schema as s
from reporting.store import open_store
from tests.helpers import TEST_CASE_ID_KEY

KEY = TEST_CASE_ID_KEY.encode()


def _store(tmp_path: Path) -> SenderStore:
    return SenderStore(open_store(f"sqlite:///{tmp_path / 'store.db'}", KEY))


def test_a_secret_is_stored_only_as_an_argon2_hash_and_revoking_refuses_at_once(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sender, secret = store.add("Bostads AB Exempel", SenderKind.LANDLORD)
    with store._engine.connect() as db:
        stored = db.execute(select(s.senders.c.secret_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and secret not in stored
    assert store.authenticate(secret) == sender
    assert store.authenticate(secret + "x") is None
    assert store.authenticate("snd-000000000000.whatever") is None
    assert store.revoke(sender.sender_id) and not store.revoke(sender.sender_id)
    assert store.authenticate(secret) is None  # known in memory, refused all the same
    assert [found.revoked_at is not None for found in store.all()] == [True]


def test_only_organisations_hold_credentials(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        _store(tmp_path).add("En privatperson", SenderKind.PRIVATE_PERSON)


def test_guessing_a_senders_secret_is_bounded_and_the_sender_keeps_working(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sender, secret = store.add("Bostads AB Exempel", SenderKind.LANDLORD)
    assert store.authenticate(secret) == sender  # verified once: known from now on
    for attempt in range(WRONG_SECRETS.amount + 5):
        assert store.authenticate(f"{sender.sender_id}.guess-{attempt}") is None
    assert store.authenticate(secret) == sender


def test_receipts_keep_no_readable_notice_id_or_key(tmp_path: Path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}", KEY)
    receipts = SenderReceipts(engine, KEY)
    moment = datetime(2026, 11, 16, 8, 30, tzinfo=UTC)
    receipt = SenderReceipt(
        notice_id="PRIV-19850412-2386-1",
        kind="rent_arrears",
        status="opened",
        case_id="household-abc",
        case_number="VRK 2026-000001",
        received_at=moment,
        body_hash=receipts.body_hash("snd-1", {"a": 1}),
    )
    receipts.record("snd-1", "my-key-19850412", receipt, moment)
    dump = "\n".join(line for line in engine.raw_connection().driver_connection.iterdump())  # type: ignore[union-attr]
    assert "19850412" not in dump and "my-key" not in dump
    assert receipts.by_notice_id("snd-1", receipt.notice_id) == receipt
    assert receipts.by_notice_id("snd-2", receipt.notice_id) is None  # another sender's: not found
    assert receipts.by_idempotency_key("snd-1", "my-key-19850412") == receipt
    assert receipts.of_month("snd-1", "2026-11") == [receipt]
    assert receipts.of_month("snd-2", "2026-11") == []
