"""shop settings (time zone, retention, offline redeem), customer consent, station settings

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 15:10:00

- ``shop.timezone``: the shop's IANA time zone ("" = the system's); reports count local days.
- ``shop.retention_months``: customers not seen for this long are anonymised (default 24).
- ``shop.offline_redeem``: ``allow`` or ``refuse`` redemptions while a chain's hub is away.
- ``customers.email``, ``consent_at`` (personal fields are kept only with consent),
  ``anonymised_at`` (set when the personal fields were erased).
- ``station_settings``: per-station choices (camera, receipt printer, paper width ...).
- ``ix_complaints_status_id``: the owner's inbox pages through complaints by status.
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import db.models


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('shop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('retention_months', sa.Integer(), nullable=False, server_default='24'))
        batch_op.add_column(sa.Column('offline_redeem', sa.String(length=8), nullable=False,
                                      server_default='allow'))
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('consent_at', db.models.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('anonymised_at', db.models.UTCDateTime(), nullable=True))
    op.create_table('station_settings',
                    sa.Column('station', sa.String(length=60), nullable=False),
                    sa.Column('key', sa.String(length=60), nullable=False),
                    sa.Column('value', sa.Text(), nullable=False),
                    sa.PrimaryKeyConstraint('station', 'key'))
    op.create_index('ix_complaints_status_id', 'complaints', ['status', 'id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_complaints_status_id', table_name='complaints')
    op.drop_table('station_settings')
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('anonymised_at')
        batch_op.drop_column('consent_at')
        batch_op.drop_column('email')
    with op.batch_alter_table('shop', schema=None) as batch_op:
        batch_op.drop_column('offline_redeem')
        batch_op.drop_column('retention_months')
        batch_op.drop_column('timezone')
