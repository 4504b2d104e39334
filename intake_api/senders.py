"""The senders of the HTTP intake and their credentials (shared/spec/intake-api.md).

A secret is `<sender id>.<random>`, printed once and stored only as an Argon2id hash
(argon2-cffi: memory-hard, salted, the OWASP recommendation for stored secrets). Argon2 is slow
on purpose, so a verified secret is remembered in memory by a SHA-256 of it; every request still
reads the sender's row, so a revoked sender is refused from its next request on, in every
process that serves the API.
"""

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import Engine, insert, select, update

from domain.notices import SenderKind
from reporting import schema as s

HASHER = PasswordHasher()
SENDER_ID_BYTES = 6  # "snd-" and 12 hex digits: ids are listed, not secret
SECRET_BYTES = 32
# Wrong secrets tried for one sender id: past this, no more Argon2 work is done for it (each
# verification costs tens of milliseconds of CPU on purpose) and the answer stays 401. A secret
# already verified is known without Argon2, so the sender itself keeps working.
WRONG_SECRETS = parse("10/minute")


# Who may hold credentials: the intake format's sender kinds that are organisations.
ORGANISATIONS = (SenderKind.LANDLORD, SenderKind.KRONOFOGDEN, SenderKind.OTHER_ADMINISTRATION)


@dataclass(frozen=True)
class Sender:
    sender_id: str
    name: str
    kind: SenderKind
    created_at: datetime
    revoked_at: datetime | None = None


class SenderStore:
    """Senders in the project's database (the reporting store's engine)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._verified: dict[bytes, str] = {}  # sha256(secret) -> the hash it was verified against
        self._lock = threading.Lock()
        self._wrong = MovingWindowRateLimiter(MemoryStorage())

    def add(self, name: str, kind: SenderKind) -> tuple[Sender, str]:
        """A new sender and its secret (shown once, never stored)."""
        if kind not in ORGANISATIONS:
            raise ValueError(f"{kind.value} cannot hold credentials")
        sender_id = f"snd-{secrets.token_hex(SENDER_ID_BYTES)}"
        secret = f"{sender_id}.{secrets.token_urlsafe(SECRET_BYTES)}"
        sender = Sender(sender_id, name, kind, datetime.now(UTC))
        with self._engine.begin() as db:
            db.execute(
                insert(s.senders).values(
                    sender_id=sender_id,
                    name=name,
                    kind=kind.value,
                    secret_hash=HASHER.hash(secret),
                    created_at=sender.created_at,
                )
            )
        return sender, secret

    def all(self) -> list[Sender]:
        with self._engine.connect() as db:
            rows = db.execute(select(s.senders).order_by(s.senders.c.created_at)).mappings().all()
        return [_sender(row) for row in rows]

    def revoke(self, sender_id: str) -> bool:
        """False when no such sender is active."""
        with self._engine.begin() as db:
            changed = db.execute(
                update(s.senders)
                .where(s.senders.c.sender_id == sender_id, s.senders.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            ).rowcount
        return bool(changed)

    def authenticate(self, secret: str) -> Sender | None:
        """The active sender whose secret this is, else None (unknown, wrong or revoked)."""
        sender_id, dot, _ = secret.partition(".")
        if not dot or not sender_id.startswith("snd-") or len(secret) > 200:
            return None
        with self._engine.connect() as db:
            row = db.execute(select(s.senders).where(s.senders.c.sender_id == sender_id)).mappings().first()
        if row is None or row["revoked_at"] is not None:
            return None
        stored: str = row["secret_hash"]
        digest = hashlib.sha256(secret.encode()).digest()
        with self._lock:
            known = self._verified.get(digest)
        if known is None or not hmac.compare_digest(known, stored):
            if not self._wrong.test(WRONG_SECRETS, sender_id):
                return None
            try:
                HASHER.verify(stored, secret)
            except (VerificationError, InvalidHashError):
                self._wrong.hit(WRONG_SECRETS, sender_id)
                return None
            with self._lock:
                self._verified[digest] = stored
        return _sender(row)


def _sender(row: object) -> Sender:
    mapping = dict(row)  # type: ignore[call-overload]
    return Sender(
        sender_id=mapping["sender_id"],
        name=mapping["name"],
        kind=SenderKind(mapping["kind"]),
        created_at=mapping["created_at"],
        revoked_at=mapping["revoked_at"],
    )
