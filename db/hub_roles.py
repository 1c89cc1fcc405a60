"""Who may write what on a chain's hub: one PostgreSQL role a station, enforced by PostgreSQL itself.

``chain create`` (with the hub's admin URL) calls :func:`secure`; ``chain add-station``
calls :func:`add_station`; ``chain retire`` calls :func:`retire`. What the hub then enforces,
whatever a station's software (or whoever holds its disk) sends:

- **A station writes as itself.** A BEFORE INSERT trigger on ``hub_events`` and
  ``hub_records`` sets ``origin`` from the login role (``session_user``, looked up in
  ``hub_roles``), whatever the row says. (A copy of a station's disk that the sync renamed
  ``A-2`` may write as ``A-2``: a name of the form ``<own name>-<digits>``.)
- **Nothing is changed or deleted.** The station roles get INSERT and SELECT on the
  hub's tables and no UPDATE or DELETE, except ``hub_stations.last_seen`` of their own
  row and their own installs' rows in ``hub_meta`` (row-level security); the hub's other
  tables (the migrations make the whole schema there) give them nothing.
- **Events outside the rules are refused** (:data:`cards.ledger.DELTA_RULES`: an unknown
  kind, a stamp of more than 100 or less than 1, a reward delta the kind does not allow; and a
  stamp above this shop's cap: the largest cap per visit its program ever had plus the largest
  tier bonus it ever had, kept in ``hub_meta`` as ``cap_most`` and ``bonus_most`` by a trigger on
  the program's records).
  The trigger puts such an event in ``hub_quarantine`` (with its reason and the station
  that sent it) instead of ``hub_events``; no station ever pulls it. The station's push
  sees it refused and marks it so (``chain status``: refused by the hub).
- A station reads what a station needs: the events, the records, the hub's facts (the
  shop's secret: a station verifies cards offline), the stations; its own quarantined
  events only; its own rows of ``hub_holdings`` (the cards it holds), which it alone may add to;
  of the ``card``, ``customer`` and ``complaint`` records (the customers' personal data) only
  those its share needs (``db/sync/holdings.py``: a held card's, a customer linked to a held
  card, a complaint naming one, or what it wrote itself). The events stay readable (card
  numbers and balances, no personal data: a station's cursor walks them by sequence).

Every statement is idempotent: :func:`secure` runs again at ``add-station`` and
``retire`` (a new version's kinds reach the trigger that way). Roles are cluster-wide,
so a role's name carries the hub database's name (:func:`role_name`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection, make_url

from cards import ledger

ROLE_PREFIX = "sc"


def role_name(database: str, station: str) -> str:
    """The station's login role on this hub: readable, safe in a URL, unique per hub database (≤ 63 bytes)."""
    def slug(value: str) -> str:
        return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")[:20] or "x"
    digest = hashlib.sha256(f"{database}\0{station}".encode()).hexdigest()[:8]
    return f"{ROLE_PREFIX}_{slug(database)}_{slug(station)}_{digest}"


def group_name(database: str) -> str:
    """The hub's group role: every station role of this hub is a member; the grants are the group's."""
    digest = hashlib.sha256(database.encode()).hexdigest()[:8]
    return f"{ROLE_PREFIX}_{re.sub(r'[^a-z0-9]+', '_', database.lower())[:30]}_stations_{digest}"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bound(value: int | None) -> str:
    return "NULL" if value is None else str(int(value))


def refusal_sql(k: str, d: str, r: str) -> str:
    """``cards.ledger.outside_rules`` as one SQL expression over the columns or variables named (a plain
    CASE: PL/pgSQL evaluates it without a query per row)."""
    def outside(value: str, low: int | None, high: int | None) -> str:
        parts = ([f"{value} < {low}"] if low is not None else []) + ([f"{value} > {high}"] if high is not None else [])
        return " OR ".join(parts) or "false"
    arms = [f"WHEN '{kind.value}' THEN CASE WHEN {outside(d, a, b)} THEN 'delta' WHEN {outside(r, c, e)} "
            "THEN 'rewards' END" for kind, (a, b, c, e) in ledger.DELTA_RULES.items()]
    return f"CASE {k} {' '.join(arms)} ELSE 'kind' END"


# The hub keeps each change of a shared row as a record holding the changed columns; a station
# applies them in order, so a column's value in a record that a later record of the same row
# also sets is never read again. Dropping those superseded values is lossless, and it is what
# takes an erased customer's name, phone, e-mail and birthday (and an erased complaint text or
# contact) out of the hub's log once the erasure itself has reached it.
COMPACT_RECORDS_SQL = """
    WITH fields AS (
        SELECT r.seq, r.entity, r.key, f.name
        FROM hub_records AS r, json_object_keys(r.data::json) AS f(name)
        WHERE r.entity IN ('customer', 'complaint')
    ), latest AS (
        SELECT entity, key, name, max(seq) AS seq FROM fields GROUP BY entity, key, name
    ), superseded AS (
        SELECT f.seq, array_agg(f.name) AS names
        FROM fields AS f JOIN latest AS l USING (entity, key, name)
        WHERE f.seq < l.seq GROUP BY f.seq
    )
    UPDATE hub_records AS r SET data = (r.data::jsonb - superseded.names)::text
    FROM superseded WHERE r.seq = superseded.seq
"""


def compact_records(connection: Connection) -> int:
    """Drop superseded customer and complaint values from the hub's log (an erasure, ``db/privacy.py``);
    how many records were rewritten. On a hub with station roles through ``hub_compact_records()``."""
    if connection.scalar(text("SELECT to_regprocedure('hub_compact_records()') IS NOT NULL")):
        return int(connection.scalar(text("SELECT hub_compact_records()")) or 0)
    return int(connection.execute(text(COMPACT_RECORDS_SQL)).rowcount or 0)


# a holding's station is the login's own (or a renamed copy of its disk's): the plain comparison first,
# with the login's station looked up once a statement
_OWN_HOLDING = "station = (SELECT hub_station_of(session_user)) OR hub_origin(station) = station"


# hub_event_guard's tests of a row ``n`` of the statement's new rows (``who``: the login's station, NULL for the
# admin; ``cap``: the shop's cap, -1 when unknown): claimed as another station's (not ``who`` nor a renamed copy
# ``who-<digits>``), and why it is outside the rules (NULL: it is not)
_FORGED = ("(who IS NOT NULL AND n.origin IS DISTINCT FROM who AND NOT coalesce(left(n.origin, length(who) + 1) = "
           "who || '-' AND substr(n.origin, length(who) + 2) ~ '^[0-9]+$', false))")
_WHY = (f"coalesce({refusal_sql('n.kind', 'n.delta', 'n.rewards_delta')}, "
        "CASE WHEN n.kind = 'stamp' AND cap >= 0 AND n.delta > cap THEN 'delta' END)")


def _statements(group: str) -> list[str]:
    g = _ident(group)
    return [
        "CREATE TABLE IF NOT EXISTS hub_roles (role text PRIMARY KEY, station text UNIQUE NOT NULL, "
        "created_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE IF NOT EXISTS hub_quarantine (uid text PRIMARY KEY, origin text NOT NULL, "
        "claimed_origin text NOT NULL, card text NOT NULL, kind text NOT NULL, delta integer NOT NULL, "
        "rewards_delta integer NOT NULL, reason text NOT NULL, received_at timestamptz NOT NULL DEFAULT now())",
        # the station a login role is (NULL: the owner's admin login, or anyone else)
        "CREATE OR REPLACE FUNCTION hub_station_of(who text) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ SELECT station FROM public.hub_roles WHERE role = who $$",
        "CREATE OR REPLACE FUNCTION hub_origin(claimed text) RETURNS text LANGUAGE plpgsql STABLE "
        "SET search_path = public AS $$ DECLARE who text := hub_station_of(session_user); BEGIN "
        "  IF who IS NULL THEN RETURN claimed; END IF; "
        "  IF claimed = who OR (left(claimed, length(who) + 1) = who || '-' "
        "      AND substr(claimed, length(who) + 2) ~ '^[0-9]+$') THEN RETURN claimed; END IF; "
        "  RETURN who; END $$",
        "CREATE OR REPLACE FUNCTION hub_event_refusal(k text, d integer, r integer) RETURNS text "
        "LANGUAGE sql IMMUTABLE AS $$ SELECT " + refusal_sql("k", "d", "r") + " $$",
        # the shop's own cap: the largest cap per visit its program ever had plus the largest tier bonus it
        # ever had (never the current one alone: a stamp made offline before the owner lowered the cap is honest)
        "CREATE OR REPLACE FUNCTION hub_program_most(data text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ "
        "  SELECT CASE WHEN (data::jsonb) ? 'max_per_visit' OR (data::jsonb) ? 'tiers_json' THEN "
        "  coalesce(((data::jsonb) ->> 'max_per_visit')::int, 0) * 1000 + coalesce((SELECT max((t ->> 'bonus')::int) "
        "  FROM jsonb_array_elements(coalesce(((data::jsonb) ->> 'tiers_json')::jsonb, '[]'::jsonb)) AS t), 0) END $$",
        "CREATE OR REPLACE FUNCTION hub_note_program() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ DECLARE most integer := hub_program_most(NEW.data); BEGIN "
        "  IF most IS NULL THEN RETURN NULL; END IF; "
        "  INSERT INTO public.hub_meta (key, value) VALUES ('cap_most', (most / 1000)::text), "
        "  ('bonus_most', (most % 1000)::text) "
        "  ON CONFLICT (key) DO UPDATE SET value = greatest(hub_meta.value::int, EXCLUDED.value::int)::text; "
        "  RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS hub_note_program ON hub_records",
        "CREATE TRIGGER hub_note_program AFTER INSERT ON hub_records FOR EACH ROW WHEN (NEW.entity = 'program') "
        "EXECUTE FUNCTION hub_note_program()",
        "INSERT INTO hub_meta (key, value) SELECT 'cap_most', max(hub_program_most(data) / 1000)::text FROM hub_records "
        "WHERE entity = 'program' HAVING max(hub_program_most(data)) IS NOT NULL "
        "ON CONFLICT (key) DO UPDATE SET value = greatest(hub_meta.value::int, EXCLUDED.value::int)::text",
        "INSERT INTO hub_meta (key, value) SELECT 'bonus_most', max(hub_program_most(data) % 1000)::text "
        "FROM hub_records WHERE entity = 'program' HAVING max(hub_program_most(data)) IS NOT NULL "
        "ON CONFLICT (key) DO UPDATE SET value = greatest(hub_meta.value::int, EXCLUDED.value::int)::text",
        # once a statement, after it (an INSERT or a COPY), over the rows it added (a transition table): the
        # login's station and the shop's cap are read once, and one scan finds the rows to mend, usually none.
        # A row outside the rules moves to the quarantine (and the transaction's ``stampcard.hub_refused`` says
        # how many, for the push that sent it); a row claimed as another station's is written as this one's.
        # (Per row, a BEFORE trigger cost the hub about as much as storing the row itself: db/sync/push.py.)
        "CREATE OR REPLACE FUNCTION hub_event_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ DECLARE who text; cap integer; refused integer; BEGIN "
        "  SELECT station INTO who FROM public.hub_roles WHERE role = session_user; "
        "  SELECT coalesce(sum(value::int), -1) INTO cap FROM public.hub_meta WHERE key IN ('cap_most', 'bonus_most'); "
        f"  IF NOT EXISTS (SELECT 1 FROM new_rows AS n WHERE {_FORGED} OR {_WHY} IS NOT NULL) THEN RETURN NULL; END IF; "
        "  INSERT INTO public.hub_quarantine (uid, origin, claimed_origin, card, kind, delta, rewards_delta, reason) "
        f"  SELECT n.uid, CASE WHEN {_FORGED} THEN who ELSE n.origin END, n.origin, n.card, n.kind, n.delta, "
        f"  n.rewards_delta, {_WHY} FROM new_rows AS n WHERE {_WHY} IS NOT NULL ON CONFLICT (uid) DO NOTHING; "
        f"  DELETE FROM public.hub_events AS e USING new_rows AS n WHERE e.seq = n.seq AND {_WHY} IS NOT NULL; "
        "  GET DIAGNOSTICS refused = ROW_COUNT; "
        "  IF refused > 0 THEN PERFORM set_config('stampcard.hub_refused', "
        "    (coalesce(nullif(current_setting('stampcard.hub_refused', true), ''), '0')::int + refused)::text, true); "
        "  END IF; "
        f"  UPDATE public.hub_events AS e SET origin = who FROM new_rows AS n WHERE e.seq = n.seq AND {_FORGED}; "
        "  RETURN NULL; END $$",
        "DROP TRIGGER IF EXISTS hub_event_guard ON hub_events",
        "CREATE TRIGGER hub_event_guard AFTER INSERT ON hub_events REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION hub_event_guard()",
        "CREATE OR REPLACE FUNCTION hub_record_guard() RETURNS trigger LANGUAGE plpgsql "
        "SET search_path = public AS $$ BEGIN NEW.origin := hub_origin(NEW.origin); RETURN NEW; END $$",
        "DROP TRIGGER IF EXISTS hub_record_guard ON hub_records",
        "CREATE TRIGGER hub_record_guard BEFORE INSERT ON hub_records FOR EACH ROW EXECUTE FUNCTION hub_record_guard()",
        # an erasure (db/privacy.py) drops superseded personal values from the records' log: the one
        # rewrite of hub_records a station may ask for, and it only ever removes what a later record replaced
        "CREATE OR REPLACE FUNCTION hub_compact_records() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ DECLARE n integer; BEGIN " + COMPACT_RECORDS_SQL.strip() + "; "
        "GET DIAGNOSTICS n = ROW_COUNT; RETURN n; END $$",
        "REVOKE ALL ON FUNCTION hub_compact_records() FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION hub_compact_records() TO {g}",
        # grants: the group reads and inserts; updates only where row-level security lets it
        f"GRANT SELECT, INSERT ON hub_events, hub_records TO {g}",
        f"GRANT USAGE ON SEQUENCE hub_events_seq_seq, hub_records_seq_seq TO {g}",
        f"GRANT SELECT, INSERT ON hub_stations TO {g}",
        f"GRANT UPDATE (last_seen) ON hub_stations TO {g}",
        f"GRANT SELECT, INSERT ON hub_meta TO {g}",
        f"GRANT UPDATE (value) ON hub_meta TO {g}",
        f"GRANT SELECT ON hub_quarantine TO {g}",
        f"GRANT EXECUTE ON FUNCTION hub_origin(text), hub_event_refusal(text, integer, integer) TO {g}",
        "REVOKE ALL ON FUNCTION hub_station_of(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION hub_station_of(text) TO {g}",
        # row-level security: a station's own rows only, where it may write
        "ALTER TABLE hub_stations ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS hub_stations_read ON hub_stations",
        f"CREATE POLICY hub_stations_read ON hub_stations FOR SELECT TO {g} USING (true)",
        "DROP POLICY IF EXISTS hub_stations_own ON hub_stations",
        f"CREATE POLICY hub_stations_own ON hub_stations FOR INSERT TO {g} WITH CHECK (hub_origin(name) = name)",
        "DROP POLICY IF EXISTS hub_stations_seen ON hub_stations",
        f"CREATE POLICY hub_stations_seen ON hub_stations FOR UPDATE TO {g} USING (hub_origin(name) = name) "
        "WITH CHECK (hub_origin(name) = name)",
        "ALTER TABLE hub_meta ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS hub_meta_read ON hub_meta",
        f"CREATE POLICY hub_meta_read ON hub_meta FOR SELECT TO {g} USING (true)",
        "DROP POLICY IF EXISTS hub_meta_install ON hub_meta",
        f"CREATE POLICY hub_meta_install ON hub_meta FOR INSERT TO {g} WITH CHECK (key LIKE 'install:%%' "
        "AND hub_origin(value::jsonb ->> 'station') = value::jsonb ->> 'station')",
        "DROP POLICY IF EXISTS hub_meta_install_update ON hub_meta",
        f"CREATE POLICY hub_meta_install_update ON hub_meta FOR UPDATE TO {g} USING (key LIKE 'install:%%' "
        "AND hub_origin(value::jsonb ->> 'station') = value::jsonb ->> 'station') "
        "WITH CHECK (key LIKE 'install:%%' AND hub_origin(value::jsonb ->> 'station') = value::jsonb ->> 'station')",
        # the cards a station holds (migration 0010): it inserts and reads its own rows only. The station's
        # own name is read once a statement (an initplan), so a pull's join is a plain PK probe per event;
        # hub_origin covers a renamed copy of its disk
        f"GRANT SELECT, INSERT ON hub_holdings TO {g}",
        "ALTER TABLE hub_holdings ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS hub_holdings_read ON hub_holdings",
        f"CREATE POLICY hub_holdings_read ON hub_holdings FOR SELECT TO {g} USING ({_OWN_HOLDING})",
        "DROP POLICY IF EXISTS hub_holdings_own ON hub_holdings",
        f"CREATE POLICY hub_holdings_own ON hub_holdings FOR INSERT TO {g} WITH CHECK ({_OWN_HOLDING})",
        # personal data stays on the stations that served the customer (db/sync/holdings.py): a station's login
        # reads a card, customer or complaint record only when its share needs it, everything else whole.
        # The lookups run as the hub's owner (SECURITY DEFINER: a policy on hub_records may not read
        # hub_records itself), for the names this login syncs as (hub_me: its own, a renamed copy's); pg_temp last
        # and every table qualified, so a station's temporary hub_holdings is never taken for the hub's
        "CREATE OR REPLACE FUNCTION hub_me() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ SELECT array_prepend(w.who, coalesce((SELECT array_agg(name) "
        "  FROM public.hub_stations WHERE left(name, length(w.who) + 1) = w.who || '-' "
        "  AND substr(name, length(w.who) + 2) ~ '^[0-9]+$'), '{}')) "
        "  FROM (SELECT public.hub_station_of(session_user) AS who) AS w $$",
        "CREATE OR REPLACE FUNCTION hub_record_readable(e text, k text, o text, me text[]) RETURNS boolean "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT o = ANY(me) OR CASE e "
        "  WHEN 'card' THEN EXISTS (SELECT 1 FROM public.hub_holdings WHERE station = ANY(me) AND card = k) "
        "  WHEN 'customer' THEN EXISTS (SELECT 1 FROM public.hub_records AS c JOIN public.hub_holdings AS h "
        "    ON h.station = ANY(me) AND h.card = c.key WHERE c.entity = 'card' AND (c.data::jsonb ->> 'customer') = k) "
        "  WHEN 'complaint' THEN EXISTS (SELECT 1 FROM public.hub_records AS c WHERE c.entity = 'complaint' "
        "    AND c.key = k AND (c.origin = ANY(me) OR EXISTS (SELECT 1 FROM public.hub_holdings AS h WHERE h.station = ANY(me) "
        "    AND h.card = (c.data::jsonb ->> 'card')))) "
        "  ELSE true END $$",
        # the newest record, whoever's: a station's cursor passes the records it may not read
        "CREATE OR REPLACE FUNCTION hub_newest_record() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER "
        "SET search_path = public, pg_temp AS $$ SELECT coalesce(max(seq), 0) FROM public.hub_records $$",
        "REVOKE ALL ON FUNCTION hub_me(), hub_record_readable(text, text, text, text[]), hub_newest_record() "
        "FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION hub_me(), hub_record_readable(text, text, text, text[]), hub_newest_record() "
        f"TO {g}",
        # a first scan finds a card's batch and complaints by these (db/sync/fetch.py): as the hub's owner, so the
        # GIN and expression indexes of migration 0010 serve them (under the row policy a station's own scan of
        # hub_records cannot use them: `?|` and `->>` are not leakproof, and 20,000 batch records took 270 ms)
        "CREATE OR REPLACE FUNCTION hub_batches_of(cards text[]) RETURNS SETOF text LANGUAGE sql STABLE "
        "SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT DISTINCT key::text FROM public.hub_records "
        "  WHERE entity = 'batch' AND (data::jsonb -> 'cards') ?| cards $$",
        "CREATE OR REPLACE FUNCTION hub_complaints_of(cards text[]) RETURNS SETOF text LANGUAGE sql STABLE "
        "SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT DISTINCT key::text FROM public.hub_records "
        "  WHERE entity = 'complaint' AND (data::jsonb ->> 'card') = ANY(cards) $$",  # keys only: rows stay guarded
        "REVOKE ALL ON FUNCTION hub_batches_of(text[]), hub_complaints_of(text[]) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION hub_batches_of(text[]), hub_complaints_of(text[]) TO {g}",
        "ALTER TABLE hub_records ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS hub_records_read ON hub_records",
        f"CREATE POLICY hub_records_read ON hub_records FOR SELECT TO {g} USING (entity NOT IN "
        "('card', 'customer', 'complaint') OR hub_record_readable(entity, key, origin, (SELECT hub_me())))",
        "DROP POLICY IF EXISTS hub_records_write ON hub_records",
        f"CREATE POLICY hub_records_write ON hub_records FOR INSERT TO {g} WITH CHECK (true)",
        "ALTER TABLE hub_quarantine ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS hub_quarantine_own ON hub_quarantine",
        f"CREATE POLICY hub_quarantine_own ON hub_quarantine FOR SELECT TO {g} USING (hub_origin(origin) = origin)",
    ]


class HubAdminError(Exception):
    """The admin URL's user cannot do this on the hub (no CREATEROLE, not the database's owner); one line."""


def _database(connection: Connection) -> str:
    return str(connection.scalar(text("SELECT current_database()")))


def secure(connection: Connection) -> None:
    """Make (again) the hub's roles table, quarantine, triggers, grants and row-level security."""
    group = group_name(_database(connection))
    exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": group})
    if not exists:
        connection.execute(text(f"CREATE ROLE {_ident(group)} NOLOGIN"))
    holdings = bool(connection.scalar(text("SELECT to_regclass('hub_holdings') IS NOT NULL")))
    for sql in _statements(group):
        if holdings or "hub_holdings" not in sql:  # a hub not yet upgraded to 0010 gets them at its next secure()
            connection.execute(text(sql.replace("%%", "%")))


def new_password() -> str:
    """A station role's password: 32 URL-safe characters, shown once."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class StationLogin:
    """A station's own hub login: its role, the URL without the password, the password (shown once)."""

    station: str
    role: str
    url: str
    password: str


def station_url(admin_url: str, role: str) -> str:
    """The admin URL with the station's role as its user and no password."""
    return make_url(admin_url).set(username=role, password=None).render_as_string(hide_password=False)


def add_station(connection: Connection, admin_url: str, station: str, *, creating: bool = False) -> StationLogin:
    """Make a station's login role with a random password (in the admin's transaction).

    Refuses (``StationExists``) a name the chain already has, unless ``creating``: ``chain
    create`` registers its own station in the same transaction.
    """
    secure(connection)
    database = _database(connection)
    role = role_name(database, station)
    if connection.scalar(text("SELECT 1 FROM hub_roles WHERE station = :s"), {"s": station}) or (
            not creating and connection.scalar(text("SELECT 1 FROM hub_stations WHERE name = :s"), {"s": station})):
        raise StationExists(station)
    password = new_password()
    verb = "ALTER" if connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": role}) else "CREATE"
    connection.execute(text(f"{verb} ROLE {_ident(role)} LOGIN PASSWORD {_literal(password)}"))
    connection.execute(text(f"GRANT {_ident(group_name(database))} TO {_ident(role)}"))
    connection.execute(text(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {_ident(role)}"))
    connection.execute(text("INSERT INTO hub_roles (role, station) VALUES (:r, :s)"), {"r": role, "s": station})
    return StationLogin(station, role, station_url(admin_url, role), password)


class StationExists(Exception):
    """A station of that name is already in the chain."""


class UnknownStation(Exception):
    """No station of that name on the hub; ``args[1]`` holds the known names."""


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def retire(connection: Connection, station: str) -> str:
    """End a station: its role loses its login and is dropped, its sessions end, its name is free again.

    Its events stay (they are the shop's history); the hub simply no longer knows the name, nor which cards
    it held (a new station of that name holds nothing yet).
    """
    secure(connection)
    role = connection.scalar(text("SELECT role FROM hub_roles WHERE station = :s"), {"s": station})
    known = connection.scalar(text("SELECT 1 FROM hub_stations WHERE name = :s"), {"s": station})
    if role is None and not known:
        names = tuple(connection.scalars(text("SELECT name FROM hub_stations UNION SELECT station FROM hub_roles "
                                              "ORDER BY 1")))
        raise UnknownStation(station, names)
    if role is not None:
        r = _ident(str(role))
        connection.execute(text(f"ALTER ROLE {r} NOLOGIN"))
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = :r"),
                           {"r": role})
        connection.execute(text(f"DROP OWNED BY {r}"))
        connection.execute(text(f"DROP ROLE {r}"))
        connection.execute(text("DELETE FROM hub_roles WHERE station = :s"), {"s": station})
    connection.execute(text("DELETE FROM hub_stations WHERE name = :s"), {"s": station})
    if connection.scalar(text("SELECT to_regclass('hub_holdings') IS NOT NULL")):  # a new station of that name
        connection.execute(text("DELETE FROM hub_holdings WHERE station = :s"), {"s": station})  # starts afresh
    return str(role or "")


@dataclass(frozen=True)
class StationView:
    """``chain stations``: one station as the hub knows it."""

    name: str
    joined_at: dt.datetime | None
    last_seen: dt.datetime | None
    role: str  # "" when it logs in as the admin (a chain from before roles)
    installs: tuple[str, ...]
    received: int  # events the hub holds from it
    refused: int  # events the hub refused from it (hub_quarantine)
    lost: int  # events a rebuilt install never sent (db/sync/heal.py's count, 0 when unknown)


def stations(hub: Engine) -> list[StationView]:
    """Every station of the chain, with what the hub knows of it (read with the admin or a station URL)."""
    import json

    with hub.connect() as connection:
        has_roles = bool(connection.scalar(text("SELECT to_regclass('hub_roles') IS NOT NULL")))
        rows = connection.execute(text("SELECT name, joined_at, last_seen FROM hub_stations ORDER BY name")).all()
        roles: dict[str, str] = {}
        refused: dict[str, int] = {}
        if has_roles:
            if connection.scalar(text("SELECT has_table_privilege('hub_roles', 'SELECT')")):  # the admin
                roles = {str(s): str(r) for r, s in connection.execute(text("SELECT role, station FROM hub_roles"))}
            else:  # a station's login: which stations have a login of their own is the admin's to know
                roles = {}
            refused = {str(o): int(n) for o, n in connection.execute(
                text("SELECT origin, count(*) FROM hub_quarantine GROUP BY origin"))}
        received = {str(o): int(n) for o, n in connection.execute(
            text("SELECT origin, count(*) FROM hub_events GROUP BY origin"))}
        installs: dict[str, list[str]] = {}
        lost: dict[str, int] = {}
        for key, value in connection.execute(text("SELECT key, value FROM hub_meta WHERE key LIKE 'install:%'")):
            try:
                data: dict[str, Any] = json.loads(value)
            except ValueError:
                continue
            name = str(data.get("station", ""))
            installs.setdefault(name, []).append(str(key).split(":", 1)[1])
            lost[name] = lost.get(name, 0) + int(data.get("lost", 0) or 0)
        connection.rollback()
    names: Sequence[str] = sorted({str(r[0]) for r in rows} | set(roles))
    seen = {str(r[0]): (_utc(r[1]), _utc(r[2])) for r in rows}
    return [StationView(n, seen.get(n, (None, None))[0], seen.get(n, (None, None))[1], roles.get(n, ""),
                        tuple(installs.get(n, ())), received.get(n, 0), refused.get(n, 0), lost.get(n, 0))
            for n in names]


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """A time as the hub stores it (naive UTC, ``db.models.UTCDateTime``), made aware."""
    return value.replace(tzinfo=dt.timezone.utc) if value is not None and value.tzinfo is None else value


def quarantined(connection: Connection, origin: str | None = None) -> list[dict[str, Any]]:
    """The events the hub refused (all for the admin; a station sees its own)."""
    if not connection.scalar(text("SELECT to_regclass('hub_quarantine') IS NOT NULL")):
        return []
    query = ("SELECT uid, origin, claimed_origin, card, kind, delta, rewards_delta, reason, received_at "
             "FROM hub_quarantine" + (" WHERE origin = :o" if origin is not None else "") + " ORDER BY received_at")
    return [dict(r) for r in connection.execute(text(query), {"o": origin}).mappings()]
