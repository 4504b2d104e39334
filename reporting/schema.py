"""The reporting store's tables (SQLAlchemy Core). Migrations in `migrations/` create them.

Times are stored in UTC without an offset (SQLite keeps no offset; PostgreSQL's `timestamp`
then holds the same): `UtcDateTime` converts on the way in and out.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    false,
)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware datetime in, stored as naive UTC, an aware UTC datetime out."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the reporting store takes aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if isinstance(value, datetime) else None


metadata = MetaData()
ID = String(80)
CODE = String(40)
NAME = String(200)

cases = Table(
    "cases",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("case_number", String(40)),
    Column("district", NAME),
    Column("landlord", NAME),
    Column("children", Integer, nullable=False, default=0),
    Column("elderly", Boolean, nullable=False, default=False),
    Column("officer", String(100)),
    Column("phase", CODE, nullable=False),
    Column("period", Integer, nullable=False),
    Column("open_tasks_sv", Text, nullable=False, default="[]"),
    Column("alerts_held", Integer, nullable=False, default=0),
    Column("missed_open", Text, nullable=False, default="[]"),
    Column("as_of", UtcDateTime, nullable=False),
)

periods = Table(
    "periods",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("period", Integer, primary_key=True),
    Column("started_at", UtcDateTime),
    Column("registered_on", Date),
    Column("phase", CODE, nullable=False),
    Column("tracks", String(200), nullable=False, default=""),
    Column("first_notice_at", UtcDateTime),
    Column("first_personal_contact_at", UtcDateTime),
    Column("preassessment_result", CODE),
    Column("preassessment_decided_at", UtcDateTime),
    Column("extension_reason", CODE),
    Column("recovery_outcome", CODE),
    Column("recovery_outcome_at", UtcDateTime),
    Column("eviction_first_scheduled_at", UtcDateTime),
    Column("eviction_scheduled_at", UtcDateTime),
    Column("postponements", Integer, nullable=False, default=0),
    Column("eviction_outcome", CODE),
    Column("eviction_outcome_at", UtcDateTime),
    Column("averted_by", CODE),
    Column("social_services_present", Boolean),
    Column("children_unit_present", Boolean),
    Column("follow_up_offered_at", UtcDateTime),
    Column("follow_up_due_on", Date),
    Column("follow_up_done_at", UtcDateTime),
    Column("closed_at", UtcDateTime),
    Column("closing_reason", CODE),
    Column("commitment_amount_sek", Float),
)

deadlines = Table(
    "deadlines",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("period", Integer, primary_key=True),
    Column("name", CODE, primary_key=True),
    Column("due_on", Date),
    Column("due_at", UtcDateTime),
    Column("status", CODE, nullable=False),
    Column("settled_at", UtcDateTime),
)

notices = Table(
    "notices",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("notice_id", String(100), primary_key=True),  # keyed hash (reporting/notice_keys.py)
    Column("kind", CODE, nullable=False),
    Column("sender_kind", CODE, nullable=False),
    Column("received_at", UtcDateTime, nullable=False),
    Column("receipt", CODE, nullable=False),
    Column("period", Integer, nullable=False),
)

letters = Table(
    "letters",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("letter_id", String(40), primary_key=True),
    Column("kind", CODE, nullable=False),
    Column("recipient", CODE, nullable=False),
    Column("written_at", UtcDateTime, nullable=False),
    Column("held", Boolean, nullable=False, default=False),
)

contacts = Table(
    "contacts",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("contact_id", String(40), primary_key=True),
    Column("at", UtcDateTime, nullable=False),
    Column("method", CODE, nullable=False),
    Column("outcome", CODE, nullable=False),
    Column("personal", Boolean, nullable=False),
)

alerts = Table(
    "alerts",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("alert_id", String(40), primary_key=True),
    Column("unit", CODE, nullable=False),
    Column("raised_at", UtcDateTime, nullable=False),
)

interventions = Table(
    "interventions",
    metadata,
    Column("case_id", ID, primary_key=True),
    Column("intervention_id", String(40), primary_key=True),
    Column("kind", CODE, nullable=False),
    Column("decided_at", UtcDateTime, nullable=False),
)

# What intake saw but no case holds: submissions of a notice already taken in, and notices
# refused (kept for an operator to correct: the notice itself stays with the operator's file).
submissions = Table(
    "submissions",
    metadata,
    Column("submission_id", String(40), primary_key=True),
    Column("status", CODE, nullable=False),  # duplicate, rejected
    Column("notice_id", String(100)),  # keyed hash (reporting/notice_keys.py)
    Column("case_id", ID),  # the case the notice was meant for, when its personnummer was valid
    Column("kind", CODE),
    Column("sender_kind", CODE),
    Column("landlord", NAME),
    Column("district", NAME),
    Column("received_at", UtcDateTime),
    Column("submitted_at", UtcDateTime, nullable=False),
    Column("reasons", Text, nullable=False, default="[]"),  # codes: [{"field", "reason"}]
)

# Which household's case holds each notice id: one id is one notice (spec), so intake claims
# an id for a case before it sends the notice, and an id held by another case is a conflict.
# A claim is pending (`taken_in` false) until the case has the notice: intake's receipt or the
# case's own publication says so (reporting/notice_index.py).
# Not a report: `clear_cases` keeps it, and every case's publication adds the ids it holds.
notice_claims = Table(
    "notice_claims",
    metadata,
    Column("notice_id", String(100), primary_key=True),  # keyed hash (reporting/notice_keys.py)
    Column("case_id", ID, nullable=False),
    Column("claimed_at", UtcDateTime, nullable=False),
    Column("taken_in", Boolean, nullable=False, server_default=false()),
)

agendas = Table(
    "agendas",
    metadata,
    Column("agenda_id", String(40), primary_key=True),
    Column("written_at", UtcDateTime, nullable=False),
    Column("since", UtcDateTime),
    Column("cases", Integer, nullable=False),
    # Written by the schedule for a meeting (the next one's "since"), or on demand (not a meeting).
    Column("by_schedule", Boolean, nullable=False, default=True),
    Column("markdown_file", String(300), nullable=False),
    Column("pdf_file", String(300), nullable=False),
)

# The senders of the HTTP intake (shared/spec/intake-api.md): organisations, not people. Only
# an Argon2 hash of each secret is kept (intake_api/senders.py).
senders = Table(
    "senders",
    metadata,
    Column("sender_id", String(40), primary_key=True),
    Column("name", NAME, nullable=False),
    Column("kind", CODE, nullable=False),
    Column("secret_hash", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("revoked_at", UtcDateTime),
)

# What each sender's notices were answered: the receipt repeated for the same notice or the same
# Idempotency-Key, and the sender's monthly reconciliation. The sender's notice id is kept as a
# keyed hash (to find it) and sealed (AES-GCM, to list it back to its sender only); the key and
# body as keyed hashes: nothing a person could read from the store.
sender_notices = Table(
    "sender_notices",
    metadata,
    Column("sender_id", String(40), primary_key=True),
    Column("notice_key", String(100), primary_key=True),
    Column("notice_sealed", Text, nullable=False),
    Column("idempotency_key", String(64), nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("kind", CODE, nullable=False),
    Column("status", CODE, nullable=False),  # opened, joined, duplicate: the first answer
    Column("case_id", ID, nullable=False),
    Column("case_number", String(40)),
    Column("received_at", UtcDateTime, nullable=False),
    Column("month", String(7), nullable=False),  # YYYY-MM of received_at in Swedish time
    Column("answered_at", UtcDateTime, nullable=False),
)
