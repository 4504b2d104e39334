"""The figures the Malmö audit asks for (issue 19): alerts raised and held for consent, support
decided, and payment commitments in kronor; and the deadlines missed and not dealt with, so the
agenda's "missed" agrees with `list --overdue`. Cases published before fill them at their next
publication, or at once with `rebuild-reporting`.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("case_id", sa.String(80), primary_key=True),
        sa.Column("alert_id", sa.String(40), primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "interventions",
        sa.Column("case_id", sa.String(80), primary_key=True),
        sa.Column("intervention_id", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
    )
    with op.batch_alter_table("periods") as batch:
        batch.add_column(sa.Column("commitment_amount_sek", sa.Float()))
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("alerts_held", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("missed_open", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("missed_open")
        batch.drop_column("alerts_held")
    with op.batch_alter_table("periods") as batch:
        batch.drop_column("commitment_amount_sek")
    op.drop_table("interventions")
    op.drop_table("alerts")
