"""a chain of shops: the station's sync bookkeeping and the hub's tables

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 15:05:00

- ``events.hub_seq``: the hub's sequence number of an event; NULL until the hub
  has committed it (the station's "unsent" mark), with a partial index on the
  unsent ones so a push finds them without reading the ledger.
- ``chain_state``, ``chain_keys``, ``chain_shared``, ``chain_conflicts``: a
  station's place in the chain, the chain-wide keys of its batches and
  customers, the shared rows as last exchanged (only changed fields travel), and the conflicts.
- ``hub_events``, ``hub_records``, ``hub_meta``, ``hub_stations``: the hub's
  tables (used on the PostgreSQL hub; empty on a station). See db/sync.py.

Adding a nullable column is an in-place ALTER on SQLite and PostgreSQL alike
(no table copy), so this upgrade is quick on a large ledger.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import db.models


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

HUB_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column('events', sa.Column('hub_seq', sa.BigInteger(), nullable=True))
    op.create_index('ix_events_unsent', 'events', ['id'], unique=False,
                    sqlite_where=sa.text('hub_seq IS NULL'), postgresql_where=sa.text('hub_seq IS NULL'))
    op.create_table('chain_state',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('hub_url', sa.Text(), nullable=False),
                    sa.Column('station', sa.String(length=60), nullable=False),
                    sa.Column('event_cursor', sa.BigInteger(), nullable=False),
                    sa.Column('record_cursor', sa.BigInteger(), nullable=False),
                    sa.Column('joined_at', db.models.UTCDateTime(), nullable=False),
                    sa.Column('last_sync_at', db.models.UTCDateTime(), nullable=True),
                    sa.Column('last_attempt_at', db.models.UTCDateTime(), nullable=True),
                    sa.Column('online', sa.Boolean(), nullable=False),
                    sa.Column('last_error', sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint('id'))
    op.create_table('chain_keys',
                    sa.Column('entity', sa.String(length=16), nullable=False),
                    sa.Column('local_id', sa.Integer(), nullable=False),
                    sa.Column('gkey', sa.String(length=80), nullable=False),
                    sa.PrimaryKeyConstraint('entity', 'local_id'))
    op.create_index('ux_chain_keys_gkey', 'chain_keys', ['entity', 'gkey'], unique=True)
    op.create_table('chain_shared',
                    sa.Column('entity', sa.String(length=16), nullable=False),
                    sa.Column('key', sa.String(length=80), nullable=False),
                    sa.Column('data', sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint('entity', 'key'))
    op.create_table('chain_conflicts',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('key', sa.String(length=120), nullable=False),
                    sa.Column('kind', sa.String(length=20), nullable=False),
                    sa.Column('card', sa.String(length=16), nullable=False),
                    sa.Column('detail', sa.Text(), nullable=False),
                    sa.Column('amount', sa.Integer(), nullable=False),
                    sa.Column('detected_at', db.models.UTCDateTime(), nullable=False),
                    sa.Column('resolved_at', db.models.UTCDateTime(), nullable=True),
                    sa.Column('resolution', sa.String(length=20), nullable=False),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('key'))
    op.create_table('hub_events',
                    sa.Column('seq', HUB_SEQ, autoincrement=True, nullable=False),
                    sa.Column('uid', sa.String(length=32), nullable=False),
                    sa.Column('origin', sa.String(length=60), nullable=False),
                    sa.Column('card', sa.String(length=16), nullable=False),
                    sa.Column('kind', sa.String(length=16), nullable=False),
                    sa.Column('delta', sa.Integer(), nullable=False),
                    sa.Column('rewards_delta', sa.Integer(), nullable=False),
                    sa.Column('at', db.models.UTCDateTime(), nullable=False),
                    sa.Column('station', sa.String(length=60), nullable=False),
                    sa.Column('staff', sa.String(length=60), nullable=False),
                    sa.Column('visit', sa.Boolean(), nullable=False),
                    sa.Column('reverses', sa.String(length=32), nullable=False),
                    sa.Column('target', sa.String(length=16), nullable=False),
                    sa.Column('note', sa.String(length=300), nullable=False),
                    sa.PrimaryKeyConstraint('seq'),
                    sa.UniqueConstraint('uid'))
    op.create_index('ix_hub_events_card', 'hub_events', ['card'], unique=False)
    op.create_table('hub_records',
                    sa.Column('seq', HUB_SEQ, autoincrement=True, nullable=False),
                    sa.Column('entity', sa.String(length=16), nullable=False),
                    sa.Column('key', sa.String(length=80), nullable=False),
                    sa.Column('origin', sa.String(length=60), nullable=False),
                    sa.Column('data', sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint('seq'))
    op.create_table('hub_meta',
                    sa.Column('key', sa.String(length=40), nullable=False),
                    sa.Column('value', sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint('key'))
    op.create_table('hub_stations',
                    sa.Column('name', sa.String(length=60), nullable=False),
                    sa.Column('joined_at', db.models.UTCDateTime(), nullable=False),
                    sa.Column('last_seen', db.models.UTCDateTime(), nullable=True),
                    sa.PrimaryKeyConstraint('name'))


def downgrade() -> None:
    op.drop_table('hub_stations')
    op.drop_table('hub_meta')
    op.drop_table('hub_records')
    op.drop_index('ix_hub_events_card', table_name='hub_events')
    op.drop_table('hub_events')
    op.drop_table('chain_conflicts')
    op.drop_table('chain_shared')
    op.drop_index('ux_chain_keys_gkey', table_name='chain_keys')
    op.drop_table('chain_keys')
    op.drop_table('chain_state')
    op.drop_index('ix_events_unsent', table_name='events')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('hub_seq')
