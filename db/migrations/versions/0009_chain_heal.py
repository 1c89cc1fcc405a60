"""a chain that heals: what a station remembers of the hub and of itself

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 05:00:00

- ``chain_state.hub_epoch``: the hub's identity when this station last synced (its
  database's and event table's object ids and the epoch ``chain create`` wrote). A hub
  restored from a dump has a new one: the station then heals by event-id difference.
- ``chain_state.install_id``: this install's own id (made at create/join, made anew when
  the database turns out to be a copy), and ``host_mark``: where the install lives (the
  machine and the database file), so a copied disk is recognised at its first sync.
- ``chain_state.healed``: what the last healing sync did, for ``chain status``.

An in-place ALTER on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('chain_state', sa.Column('hub_epoch', sa.Text(), nullable=False, server_default=''))
    op.add_column('chain_state', sa.Column('install_id', sa.String(32), nullable=False, server_default=''))
    op.add_column('chain_state', sa.Column('host_mark', sa.String(64), nullable=False, server_default=''))
    op.add_column('chain_state', sa.Column('healed', sa.Text(), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('chain_state', schema=None) as batch_op:
        for name in ('healed', 'host_mark', 'install_id', 'hub_epoch'):
            batch_op.drop_column(name)
