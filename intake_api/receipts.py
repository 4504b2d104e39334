"""The receipts each sender was given, kept so that the same notice or the same Idempotency-Key
gets the first answer again, and a sender can list its notices of a month.

Nothing in these rows can be read by a person with the database alone: the sender's notice id
is a keyed hash (to find it) and sealed with AES-GCM bound to the sender (to list it back to
that sender only); the Idempotency-Key and the body are keyed hashes. The keys derive from the
case id key (HKDF, a purpose each), which the store never holds.
"""

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from domain.deadlines import STOCKHOLM
from reporting import schema as s
from reporting.notice_keys import notice_key


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(key)


@dataclass(frozen=True)
class SenderReceipt:
    notice_id: str
    kind: str
    status: str  # opened, joined: the first answer (a later send of it is a duplicate)
    case_id: str
    case_number: str | None
    received_at: datetime
    body_hash: str


class SenderReceipts:
    def __init__(self, engine: Engine, case_id_key: bytes) -> None:
        self._engine = engine
        self._key = case_id_key
        self._seal = AESGCM(_derive(case_id_key, b"eviction-prevention sender notice id"))
        self._hash_key = _derive(case_id_key, b"eviction-prevention sender request")

    def _keyed(self, *parts: str) -> str:
        return hmac.new(self._hash_key, "\x00".join(parts).encode(), hashlib.sha256).hexdigest()

    def body_hash(self, sender_id: str, body: Any) -> str:
        """The same notice however its JSON is spaced or its keys ordered."""
        return self._keyed(sender_id, "body", json.dumps(body, sort_keys=True, ensure_ascii=False))

    def by_idempotency_key(self, sender_id: str, idempotency_key: str) -> SenderReceipt | None:
        key = self._keyed(sender_id, "idempotency-key", idempotency_key)
        return self._one(sender_id, s.sender_notices.c.idempotency_key == key)

    def by_notice_id(self, sender_id: str, notice_id: str) -> SenderReceipt | None:
        return self._one(sender_id, s.sender_notices.c.notice_key == notice_key(notice_id, self._key))

    def of_month(self, sender_id: str, month: str) -> list[SenderReceipt]:
        with self._engine.connect() as db:
            rows = db.execute(
                select(s.sender_notices)
                .where(s.sender_notices.c.sender_id == sender_id, s.sender_notices.c.month == month)
                .order_by(s.sender_notices.c.received_at)
            ).mappings()
            return [self._receipt(sender_id, row) for row in rows]

    def record(
        self,
        sender_id: str,
        idempotency_key: str,
        receipt: SenderReceipt,
        answered_at: datetime,
    ) -> SenderReceipt:
        """Keeps the first answer for this notice; the answer kept is returned (a send that
        raced another of the same notice gets the one that was first)."""
        nonce = os.urandom(12)
        sealed = nonce + self._seal.encrypt(nonce, receipt.notice_id.encode(), sender_id.encode())
        row = {
            "sender_id": sender_id,
            "notice_key": notice_key(receipt.notice_id, self._key),
            "notice_sealed": base64.b64encode(sealed).decode(),
            "idempotency_key": self._keyed(sender_id, "idempotency-key", idempotency_key),
            "body_hash": receipt.body_hash,
            "kind": receipt.kind,
            "status": receipt.status,
            "case_id": receipt.case_id,
            "case_number": receipt.case_number,
            "received_at": receipt.received_at,
            "month": receipt.received_at.astimezone(STOCKHOLM).strftime("%Y-%m"),
            "answered_at": answered_at,
        }
        try:
            with self._engine.begin() as db:
                db.execute(insert(s.sender_notices).values(**row))
        except IntegrityError:  # the notice (or the key) was answered first by another request
            first = self.by_notice_id(sender_id, receipt.notice_id)
            if first is not None:
                return first
            raise
        return receipt

    def set_case_number(self, sender_id: str, notice_id: str, case_number: str) -> None:
        with self._engine.begin() as db:
            db.execute(
                update(s.sender_notices)
                .where(
                    s.sender_notices.c.sender_id == sender_id,
                    s.sender_notices.c.notice_key == notice_key(notice_id, self._key),
                )
                .values(case_number=case_number)
            )

    def _one(self, sender_id: str, condition: Any) -> SenderReceipt | None:
        with self._engine.connect() as db:
            row = (
                db.execute(
                    select(s.sender_notices).where(s.sender_notices.c.sender_id == sender_id, condition)
                )
                .mappings()
                .first()
            )
        return None if row is None else self._receipt(sender_id, row)

    def _receipt(self, sender_id: str, row: Any) -> SenderReceipt:
        sealed = base64.b64decode(row["notice_sealed"])
        notice_id = self._seal.decrypt(sealed[:12], sealed[12:], sender_id.encode()).decode()
        return SenderReceipt(
            notice_id=notice_id,
            kind=row["kind"],
            status=row["status"],
            case_id=row["case_id"],
            case_number=row["case_number"],
            received_at=row["received_at"],
            body_hash=row["body_hash"],
        )
