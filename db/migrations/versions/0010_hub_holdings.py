"""each station holds its share: which cards a station holds, kept on the hub

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:00:00

- ``hub_holdings(station, card)``: a station holds a card it issued or has seen (its
  pushes write the rows, a first scan fetches one, ``db/sync/fetch.py``). A station pulls
  the events and the personal records of the cards it holds, and nothing else of them
  (``db/sync/pull.py``). On the hub only (empty on a station); row-level security lets a
  station read and insert its own rows only (``db/hub_roles.py``).

A new table: quick on any ledger.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hub_holdings',
                    sa.Column('station', sa.String(length=60), nullable=False),
                    sa.Column('card', sa.String(length=16), nullable=False),
                    sa.PrimaryKeyConstraint('station', 'card'))


def downgrade() -> None:
    op.drop_table('hub_holdings')
