"""Notice ids are kept as keyed hashes (issue 19): a sender's id can hold a personnummer. Ids
stored as given are hashed here with the key the opening process passes (the case id key);
intake's rejections carry the case they were meant for, so a rejection for an id another
household holds is not counted as corrected.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import context, op

from reporting.notice_keys import is_notice_key, notice_key

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_TABLES = ("notices", "notice_claims", "submissions")


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("case_id", sa.String(80)))
    if context.is_offline_mode():
        return  # SQL rendered for another database: ids there are hashed when it is opened
    connection = op.get_bind()
    key = context.config.attributes.get("notice_id_key")
    for table in _TABLES:
        plain = [
            row[0]
            for row in connection.execute(sa.text(f"SELECT DISTINCT notice_id FROM {table}"))
            if row[0] is not None and not is_notice_key(row[0])
        ]
        if not plain:
            continue
        if not isinstance(key, bytes):
            raise RuntimeError(
                "the reporting store holds notice ids as given: open it once with the case id key "
                "(the worker or any `cases` command does) to hash them"
            )
        for notice_id in plain:
            connection.execute(
                sa.text(f"UPDATE {table} SET notice_id = :hashed WHERE notice_id = :plain"),
                {"hashed": notice_key(notice_id, key), "plain": notice_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("case_id")
