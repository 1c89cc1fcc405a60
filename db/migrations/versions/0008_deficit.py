"""a card's deficit: stamps below zero at a chain station, filled first by later stamps

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 04:50:00

- ``cards.deficit``: the same reward redeemed at two stations while apart leaves a card
  below zero. The row shows 0 stamps (``stamps >= 0`` holds) and keeps what it owes here,
  so a stamp at the counter fills it first, as the ledger's fold says (cards/ledger.py).
  Filled for existing rows at the next pull that touches the card (its refold).

An in-place ALTER on SQLite and PostgreSQL alike (the cards are not copied).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('cards', sa.Column('deficit', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('cards', schema=None) as batch_op:
        batch_op.drop_column('deficit')
