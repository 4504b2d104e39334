"""The senders' HTTP intake (issue 22): senders with hashed secrets, and the receipts each was
given, found again by notice id or Idempotency-Key and listed by month.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "senders",
        sa.Column("sender_id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("secret_hash", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime()),
    )
    op.create_table(
        "sender_notices",
        sa.Column("sender_id", sa.String(40), primary_key=True),
        sa.Column("notice_key", sa.String(100), primary_key=True),
        sa.Column("notice_sealed", sa.Text(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("case_id", sa.String(80), nullable=False),
        sa.Column("case_number", sa.String(40)),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
    )
    op.create_index("sender_notices_by_key", "sender_notices", ["sender_id", "idempotency_key"], unique=True)
    op.create_index("sender_notices_by_month", "sender_notices", ["sender_id", "month"])


def downgrade() -> None:
    op.drop_index("sender_notices_by_month", "sender_notices")
    op.drop_index("sender_notices_by_key", "sender_notices")
    op.drop_table("sender_notices")
    op.drop_table("senders")
