"""the shop's signing keys: rotate the secret, keep the cards printed before working

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 07:10:00

- ``shop_keys``: every signing key the shop has had (``id``, ``secret``, ``created_at``,
  ``retired_at``; NULL for the current one). The shop's existing secret becomes key 1.
- ``batches.key_id``: the key its cards are signed with. Every existing batch points at
  key 1 (there was no other), except a chain station's placeholder batch (cards heard
  of before their batch): it stays NULL, "any of the shop's keys" (``cards.keys``).

``shop.secret`` stays and always holds the current key's secret. An in-place ALTER
on SQLite and PostgreSQL alike (a hub's tables get the same, empty, columns).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'shop_keys',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column('secret', sa.LargeBinary(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
    )
    op.add_column('batches', sa.Column('key_id', sa.Integer(), nullable=True))
    op.execute("INSERT INTO shop_keys (id, secret, created_at, retired_at) "
               "SELECT 1, secret, created_at, NULL FROM shop WHERE id = 1")
    op.execute("UPDATE batches SET key_id = 1 WHERE EXISTS (SELECT 1 FROM shop_keys WHERE id = 1) "
               "AND id NOT IN (SELECT local_id FROM chain_keys WHERE entity = 'batch' AND gkey = 'placeholder')")


def downgrade() -> None:
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_column('key_id')
    op.drop_table('shop_keys')
