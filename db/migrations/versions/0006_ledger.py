"""the ledger's typed protocol: a transfer's other card, incoming transfers, the change marks

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 04:00:00

- ``events.counterpart_id``: a transfer's other card (FK ``cards.id``), filled for
  existing rows from the notes the transfers wrote ("to N" on the old card, "from
  N" on the new one); the new card's event becomes kind ``transfer_in``. Nothing
  reads ``note`` for meaning from now on (cards/ledger.py).
- ``hub_events.counterpart``: the other card's number, on the hub (filled from
  ``target`` and the notes), in place of ``target``.
- ``chain_dirty`` and its triggers (SQLite): the shared rows changed since a
  station's last push. The sync made them at run time before; a station that has
  them keeps its marks.

Adding a nullable column is an in-place ALTER on SQLite and PostgreSQL alike (the
ledger is not copied); the hub's table is rebuilt on SQLite only, where it is empty.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import db.models


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:  # in place: SQLite adds a column with its REFERENCES clause, not a constraint later
        op.execute("ALTER TABLE events ADD COLUMN counterpart_id INTEGER REFERENCES cards (id)")
    else:
        op.add_column('events', sa.Column('counterpart_id', sa.Integer(), nullable=True))
        op.create_foreign_key('events_counterpart_id_fkey', 'events', 'cards', ['counterpart_id'], ['id'])
    op.execute("UPDATE events SET counterpart_id = (SELECT cards.id FROM cards WHERE cards.number = "
               "trim(substr(events.note, 4))) WHERE kind = 'transfer' AND note LIKE 'to %'")
    op.execute("UPDATE events SET kind = 'transfer_in', counterpart_id = (SELECT cards.id FROM cards "
               "WHERE cards.number = trim(substr(events.note, 6))) WHERE kind = 'transfer' AND note LIKE 'from %'")
    with op.batch_alter_table('hub_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counterpart', sa.String(length=16), nullable=False, server_default=''))
    op.execute("UPDATE hub_events SET counterpart = target WHERE kind = 'transfer' AND target <> ''")
    op.execute("UPDATE hub_events SET kind = 'transfer_in', counterpart = trim(substr(note, 6)) "
               "WHERE kind = 'transfer' AND note LIKE 'from %'")
    with op.batch_alter_table('hub_events', schema=None) as batch_op:
        batch_op.drop_column('target')
    if sqlite:
        op.execute("CREATE TABLE IF NOT EXISTS chain_dirty (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                   "entity TEXT NOT NULL, key TEXT NOT NULL, UNIQUE (entity, key) ON CONFLICT REPLACE)")
        for statement in db.models.chain_dirty_triggers().values():
            op.execute(statement)
    else:
        op.create_table('chain_dirty',
                        sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
                        sa.Column('entity', sa.Text(), nullable=False),
                        sa.Column('key', sa.Text(), nullable=False),
                        sa.PrimaryKeyConstraint('seq'),
                        sa.UniqueConstraint('entity', 'key'))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in db.models.chain_dirty_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('chain_dirty')
    with op.batch_alter_table('hub_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target', sa.String(length=16), nullable=False, server_default=''))
    op.execute("UPDATE hub_events SET target = counterpart WHERE kind = 'transfer'")
    op.execute("UPDATE hub_events SET kind = 'transfer' WHERE kind = 'transfer_in'")
    with op.batch_alter_table('hub_events', schema=None) as batch_op:
        batch_op.drop_column('counterpart')
    op.execute("UPDATE events SET kind = 'transfer' WHERE kind = 'transfer_in'")
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('counterpart_id')
