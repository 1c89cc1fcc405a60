"""messages to regulars: consent per channel, the message log, bring a friend, their settings

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 04:20:00

- ``consents``: a customer's consent per channel (email, sms) with its time and source
  (counter, web, import), the e-mail's confirmation (double opt-in) and its withdrawal.
- ``message_log``: one row per message, (customer, kind, period) unique: nothing is sent twice.
- ``referrals``: a regular's card introduced a new card (the bonus once, at its first paid stamp).
- ``shop``: ``smtp_url``, ``sender``, ``sms_outbox``, ``sms_gateway``, ``referral_bonus``,
  ``birthday_bonus`` (added in place: the chain's triggers on ``shop`` stay).
"""
from __future__ import annotations

from alembic import op
import sqlalchemy as sa
import db.models


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_SHOP = (('smtp_url', 300), ('sender', 200), ('sms_outbox', 300), ('sms_gateway', 300))


def upgrade() -> None:
    for name, length in _SHOP:
        op.add_column('shop', sa.Column(name, sa.String(length=length), nullable=False, server_default=''))
    for name in ('referral_bonus', 'birthday_bonus'):
        op.add_column('shop', sa.Column(name, sa.Integer(), nullable=False, server_default='0'))
    op.create_table('consents',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('customer_id', sa.Integer(), nullable=False),
                    sa.Column('channel', sa.String(length=8), nullable=False),
                    sa.Column('source', sa.String(length=8), nullable=False),
                    sa.Column('given_at', db.models.UTCDateTime(), nullable=False),
                    sa.Column('confirmed_at', db.models.UTCDateTime(), nullable=True),
                    sa.Column('withdrawn_at', db.models.UTCDateTime(), nullable=True),
                    sa.ForeignKeyConstraint(['customer_id'], ['customers.id']),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ux_consents_customer_channel', 'consents', ['customer_id', 'channel'], unique=True)
    op.create_table('message_log',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('customer_id', sa.Integer(), nullable=False),
                    sa.Column('kind', sa.String(length=12), nullable=False),
                    sa.Column('period', sa.String(length=40), nullable=False),
                    sa.Column('channel', sa.String(length=8), nullable=False),
                    sa.Column('status', sa.String(length=8), nullable=False),
                    sa.Column('attempts', sa.Integer(), nullable=False),
                    sa.Column('error', sa.String(length=300), nullable=False),
                    sa.Column('created_at', db.models.UTCDateTime(), nullable=False),
                    sa.Column('sent_at', db.models.UTCDateTime(), nullable=True),
                    sa.ForeignKeyConstraint(['customer_id'], ['customers.id']),
                    sa.PrimaryKeyConstraint('id'))
    op.create_index('ux_message_log_once', 'message_log', ['customer_id', 'kind', 'period'], unique=True)
    op.create_index('ix_message_log_status', 'message_log', ['status', 'id'], unique=False)
    op.create_table('referrals',
                    sa.Column('id', sa.Integer(), nullable=False),
                    sa.Column('new_card_id', sa.Integer(), nullable=False),
                    sa.Column('referrer_card_id', sa.Integer(), nullable=False),
                    sa.Column('created_at', db.models.UTCDateTime(), nullable=False),
                    sa.Column('rewarded_at', db.models.UTCDateTime(), nullable=True),
                    sa.Column('bonus', sa.Integer(), nullable=False),
                    sa.ForeignKeyConstraint(['new_card_id'], ['cards.id']),
                    sa.ForeignKeyConstraint(['referrer_card_id'], ['cards.id']),
                    sa.PrimaryKeyConstraint('id'),
                    sa.UniqueConstraint('new_card_id'))
    op.create_index('ix_referrals_referrer_card_id', 'referrals', ['referrer_card_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_referrals_referrer_card_id', table_name='referrals')
    op.drop_table('referrals')
    op.drop_index('ix_message_log_status', table_name='message_log')
    op.drop_index('ux_message_log_once', table_name='message_log')
    op.drop_table('message_log')
    op.drop_index('ux_consents_customer_channel', table_name='consents')
    op.drop_table('consents')
    with op.batch_alter_table('shop', schema=None) as batch_op:
        for name in ('birthday_bonus', 'referral_bonus', *(n for n, _ in reversed(_SHOP))):
            batch_op.drop_column(name)
