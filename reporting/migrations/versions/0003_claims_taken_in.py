"""A claim on a notice id is pending until its case has taken the notice in (issue 16): a claim
whose notice never arrived (a send that failed, a server that died) no longer keeps the id for
good. Claims the cases had already published are taken in; the others start pending, and a
pending claim is verified with its case before anyone else may take it.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notice_claims") as batch:
        batch.add_column(sa.Column("taken_in", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE notice_claims SET taken_in = TRUE WHERE EXISTS (SELECT 1 FROM notices n "
        "WHERE n.notice_id = notice_claims.notice_id AND n.case_id = notice_claims.case_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("notice_claims") as batch:
        batch.drop_column("taken_in")
