"""each station holds its share: which cards a station holds, kept on the hub

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 07:00:00

- ``hub_holdings(station, card)``: a station holds a card it issued or has seen (its
  pushes write the rows, a first scan fetches one, ``db/sync/fetch.py``). A station pulls
  the events and the personal records of the cards it holds, and nothing else of them
  (``db/sync/pull.py``). On the hub only (empty on a station); row-level security lets a
  station read and insert its own rows only (``db/hub_roles.py``).
- On PostgreSQL (the hub), indexes for what a station's share needs of ``hub_records``:
  a key's records (``entity, key``), the customer a card record links
  (``data->>'customer'``), the card a complaint names (``data->>'card'``) and which batch
  record lists a card number (GIN over ``data->'cards'``, the first scan of a card and
  a placeholder's merge find its batch by it), and ``hub_newest_record()``.

A new table and indexes on the hub's records (the hub's tables are empty on a station).
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
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.create_index('ix_hub_records_entity_key', 'hub_records', ['entity', 'key'])
    for name, expression, entity in INDEXES:
        op.execute(f"CREATE INDEX {name} ON hub_records {expression} WHERE entity = '{entity}'")
    op.execute(NEWEST_RECORD)


# the newest record, whoever's: a station's login reads only its share of the records (db/hub_roles.py), and
# its cursor passes the others (db/hub_roles.py makes it again, and grants it to the stations)
NEWEST_RECORD = ("CREATE OR REPLACE FUNCTION hub_newest_record() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER "
                 "SET search_path = public, pg_temp AS $$ SELECT coalesce(max(seq), 0) FROM public.hub_records $$")


INDEXES = (("ix_hub_records_card_customer", "(((data::jsonb) ->> 'customer'))", "card"),
           ("ix_hub_records_complaint_card", "(((data::jsonb) ->> 'card'))", "complaint"),
           ("ix_hub_records_batch_cards", "USING gin (((data::jsonb) -> 'cards'))", "batch"))


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS hub_newest_record()")
        for name, _, _ in INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
        op.drop_index('ix_hub_records_entity_key', table_name='hub_records')
    op.drop_table('hub_holdings')
