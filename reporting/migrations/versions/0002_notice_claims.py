"""The index of notice ids across cases (one id is one notice), filled from the notices the
cases have already published, so cases opened before it are claimed too.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notice_claims",
        sa.Column("notice_id", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("claimed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("notice_id"),
    )
    # An id two cases already hold (taken in before the index) stays with the first case that
    # received it; the other case keeps its notice, and a new submission of it is a conflict.
    op.execute(
        "INSERT INTO notice_claims (notice_id, case_id, claimed_at) "
        "SELECT n.notice_id, MIN(n.case_id), MIN(n.received_at) FROM notices n "
        "WHERE n.received_at = (SELECT MIN(m.received_at) FROM notices m WHERE m.notice_id = n.notice_id) "
        "GROUP BY n.notice_id"
    )


def downgrade() -> None:
    op.drop_table("notice_claims")
