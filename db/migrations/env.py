"""Alembic environment: runs on the connection that db.migrate passes in.

Logging: in-process (the kiosk, the command line) this file configures no
logging at all; ``db.migrate`` holds Alembic's INFO lines back and writes one
line of its own. Only the ``alembic`` command line, run with an ini file by a
developer writing a revision, gets that file's logging set-up.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # `alembic` command line, for writing new revisions
    from sqlalchemy import create_engine

    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///alembic-dev.db")
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
