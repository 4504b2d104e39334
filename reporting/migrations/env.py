"""Alembic's environment: migrations run on the connection the store gives them, or, offline
(`--sql`), as SQL for a database that cannot be reached from here (tests render PostgreSQL's)."""

from alembic import context

if context.is_offline_mode():
    context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True)
else:
    context.configure(connection=context.config.attributes["connection"], render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
