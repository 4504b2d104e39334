"""The reporting store: cases, their periods, deadlines, notices, letters, contacts, intake's
submissions and the agendas written. Times are naive UTC (see reporting/schema.py).

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agendas",
        sa.Column("agenda_id", sa.String(length=40), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=True),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("by_schedule", sa.Boolean(), nullable=False),
        sa.Column("markdown_file", sa.String(length=300), nullable=False),
        sa.Column("pdf_file", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("agenda_id"),
    )
    op.create_table(
        "cases",
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("case_number", sa.String(length=40), nullable=True),
        sa.Column("district", sa.String(length=200), nullable=True),
        sa.Column("landlord", sa.String(length=200), nullable=True),
        sa.Column("children", sa.Integer(), nullable=False),
        sa.Column("elderly", sa.Boolean(), nullable=False),
        sa.Column("officer", sa.String(length=100), nullable=True),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("open_tasks_sv", sa.Text(), nullable=False),
        sa.Column("as_of", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "contacts",
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("contact_id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=False),
        sa.Column("personal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "contact_id"),
    )
    op.create_table(
        "deadlines",
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("case_id", "period", "name"),
    )
    op.create_table(
        "letters",
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("letter_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=40), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "letter_id"),
    )
    op.create_table(
        "notices",
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("notice_id", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("sender_kind", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("receipt", sa.String(length=40), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_id", "notice_id"),
    )
    op.create_table(
        "periods",
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("phase", sa.String(length=40), nullable=False),
        sa.Column("tracks", sa.String(length=200), nullable=False),
        sa.Column("first_notice_at", sa.DateTime(), nullable=True),
        sa.Column("first_personal_contact_at", sa.DateTime(), nullable=True),
        sa.Column("preassessment_result", sa.String(length=40), nullable=True),
        sa.Column("preassessment_decided_at", sa.DateTime(), nullable=True),
        sa.Column("extension_reason", sa.String(length=40), nullable=True),
        sa.Column("recovery_outcome", sa.String(length=40), nullable=True),
        sa.Column("recovery_outcome_at", sa.DateTime(), nullable=True),
        sa.Column("eviction_first_scheduled_at", sa.DateTime(), nullable=True),
        sa.Column("eviction_scheduled_at", sa.DateTime(), nullable=True),
        sa.Column("postponements", sa.Integer(), nullable=False),
        sa.Column("eviction_outcome", sa.String(length=40), nullable=True),
        sa.Column("eviction_outcome_at", sa.DateTime(), nullable=True),
        sa.Column("averted_by", sa.String(length=40), nullable=True),
        sa.Column("social_services_present", sa.Boolean(), nullable=True),
        sa.Column("children_unit_present", sa.Boolean(), nullable=True),
        sa.Column("follow_up_offered_at", sa.DateTime(), nullable=True),
        sa.Column("follow_up_due_on", sa.Date(), nullable=True),
        sa.Column("follow_up_done_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closing_reason", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("case_id", "period"),
    )
    op.create_table(
        "submissions",
        sa.Column("submission_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("notice_id", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=True),
        sa.Column("sender_kind", sa.String(length=40), nullable=True),
        sa.Column("landlord", sa.String(length=200), nullable=True),
        sa.Column("district", sa.String(length=200), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("submission_id"),
    )
    op.create_index("notices_received_at", "notices", ["received_at"])
    op.create_index("submissions_submitted_at", "submissions", ["submitted_at"])


def downgrade() -> None:
    op.drop_index("submissions_submitted_at", "submissions")
    op.drop_index("notices_received_at", "notices")
    op.drop_table("submissions")
    op.drop_table("periods")
    op.drop_table("notices")
    op.drop_table("letters")
    op.drop_table("deadlines")
    op.drop_table("contacts")
    op.drop_table("cases")
    op.drop_table("agendas")
