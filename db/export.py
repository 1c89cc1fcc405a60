"""Exports for an accountant or a mailing: cards, visits, customers, complaints as CSV or .xlsx.

* CSV is RFC 4180 (comma, ``"`` quoting, CRLF line ends) in UTF-8 with a byte
  order mark, so spreadsheet programs show Czech and Cyrillic right.
* ``.xlsx`` is written by openpyxl in write-only mode, with typed cells: counts
  are numbers, times are date-times, birthdays are dates. A sheet holds at most
  1,048,576 rows; more go on to a second sheet (``visits 2``).
* Times are the shop's local time (``settings --timezone``; the system's when
  unset), without a zone, as spreadsheets expect.
* Rows stream from the database to the file: memory stays flat whatever the
  size (``benchmarks/export.py``: 1,000,000 visits). On SQLite the rows come
  straight from the sqlite3 driver on a connection of the export's own, in
  autocommit: the SELECT takes no write lock, so a kiosk keeps stamping while it
  runs, and one SELECT sees one consistent snapshot (WAL).
* The file is written under a temporary name and renamed when complete: a
  failed export leaves no half file. It holds personal data, so it is made
  readable by its owner only (where the file system keeps permissions).
* Every text column (a name, a complaint, the station's and the staff's names)
  that a spreadsheet would take for a formula (it starts with ``= + - @``, a tab
  or a return, or their full-width forms) gets a ``'`` in front, in CSV; in .xlsx
  it is stored as a text cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import sqlite3
import zoneinfo
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Select, bindparam, case, func, select, type_coerce
from sqlalchemy import String as SqlString
from sqlalchemy.dialects import sqlite as sqlite_dialect

from cards import clock, codes
from cards.refusals import Kind, Refused
from db import engine, files, localdays
from db.models import Batch, Card, Complaint, Customer, Shop, Visit

KINDS: tuple[str, ...] = ("cards", "visits", "customers", "complaints")
FORMATS: tuple[str, ...] = ("csv", "xlsx")
XLSX_ROWS = 1_048_576  # Excel's rows per sheet, the header included
CHUNK = 5_000
UTC = dt.timezone.utc

TEXT, INT, TIME, DATE, FREE, NUMBER, CARDS = "text", "int", "time", "date", "free", "number", "cards"
# FREE: text someone typed (guarded against formulas); NUMBER: a card number (shown grouped);
# CARDS: a customer id, shown as the numbers of the customer's cards.


@dataclass(frozen=True)
class Column:
    """One exported column: its header and its type (how it is converted and typed)."""

    name: str
    type: str
    width: int = 14


@dataclass(frozen=True)
class ExportResult:
    """Where an export went and what it holds."""

    kind: str
    path: Path
    format: str
    rows: int
    timezone: str  # the zone the times are in ("" = the system's)
    since: dt.date | None


COLUMNS: dict[str, tuple[Column, ...]] = {
    "cards": (Column("number", NUMBER, 16), Column("batch", INT, 8), Column("status", TEXT, 12),
              Column("stamps", INT, 8), Column("rewards_redeemed", INT, 10), Column("visits", INT, 8),
              Column("issued_at", TIME, 19), Column("activated_at", TIME, 19), Column("last_stamp_at", TIME, 19),
              Column("customer", INT, 10)),
    "visits": (Column("visit", INT, 10), Column("at", TIME, 19), Column("card", NUMBER, 16),
               Column("stamps_added", INT, 8), Column("station", TEXT, 14), Column("staff", TEXT, 14)),
    "customers": (Column("customer", INT, 10), Column("name", FREE, 24), Column("phone", FREE, 18),
                  Column("email", FREE, 26), Column("birthday", DATE, 12), Column("consent_at", TIME, 19),
                  Column("created_at", TIME, 19), Column("anonymised_at", TIME, 19), Column("cards", CARDS, 30)),
    "complaints": (Column("reference", TEXT, 10), Column("created_at", TIME, 19), Column("topic", TEXT, 14),
                   Column("status", TEXT, 10), Column("text", FREE, 50), Column("contact", FREE, 24),
                   Column("card", NUMBER, 16), Column("station", TEXT, 14), Column("resolved_at", TIME, 19),
                   Column("resolution", FREE, 40)),
}


def format_of(path: Path) -> str:
    """``xlsx`` for a ``.xlsx`` file, ``csv`` for ``.csv`` (or no suffix); refuse others."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("", "csv", "txt"):
        return "csv"
    if suffix == "xlsx":
        return "xlsx"
    raise Refused(Kind.BAD_CHOICE, field="out", value=path.suffix, choices=(".csv", ".xlsx"))


class LocalClock:
    """Turns stored UTC times (text from SQLite, datetimes from PostgreSQL) into naive local times.

    The UTC offset is looked up once per hour of UTC time and kept, unless the
    zone changes its offset within that hour (then each time is converted
    itself): a million visits need a few thousand zone look-ups, not a million.
    """

    def __init__(self, zone: str) -> None:
        self.zone: dt.tzinfo | None = zoneinfo.ZoneInfo(zone) if zone else None
        self._offsets: dict[str, dt.timedelta | None] = {}
        self._prefixes: dict[str, str] = {}  # hour of stored UTC text -> its local "YYYY-MM-DD HH" ("" = none)

    def _convert(self, utc: dt.datetime) -> dt.datetime:
        return clock.local(utc.replace(tzinfo=UTC), self.zone).replace(tzinfo=None)  # the one clock for people

    def local(self, value: object) -> dt.datetime | None:
        """The local time (to the second) of a stored UTC time, or None."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            if not isinstance(value, dt.datetime):
                raise TypeError(f"not a time: {value!r}")
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            value = value.isoformat(" ")
        stamp = dt.datetime.fromisoformat(value[:19])
        key = value[:13]
        try:
            offset = self._offsets[key]
        except KeyError:
            start = stamp.replace(minute=0, second=0)
            end = start + dt.timedelta(minutes=59, seconds=59)
            first, last = self._convert(start) - start, self._convert(end) - end
            offset = self._offsets[key] = first if first == last else None
        return stamp + offset if offset is not None else self._convert(stamp)

    def text(self, value: object) -> str:
        """The local time as ``YYYY-MM-DD HH:MM:SS`` ("" for none).

        SQLite's stored text takes a short cut: in an hour whose offset is whole hours
        (most zones, most of the time) the local text is the hour's local prefix and the
        stored minutes and seconds, with no datetime made at all.
        """
        if isinstance(value, str) and len(value) >= 19:
            key = value[:13]
            prefix = self._prefixes.get(key)
            if prefix is None:
                start = dt.datetime.fromisoformat(key + ":00")
                self.local(key + ":00:00")
                offset = self._offsets[key]
                prefix = ""
                if offset is not None and offset.total_seconds() % 3600 == 0:
                    prefix = (start + offset).isoformat(" ")[:13]
                self._prefixes[key] = prefix
            if prefix:
                return prefix + value[13:19]
        local = self.local(value)
        return "" if local is None else local.isoformat(" ")

    def utc_start_of(self, day: dt.date) -> dt.datetime:
        """The aware UTC time when the shop's ``day`` begins (as the report counts days)."""
        return localdays.day_start(day, self.zone)


def _raw(column: Any) -> Any:
    """A time column read as stored, without SQLAlchemy's per-row conversion (LocalClock converts it)."""
    return type_coerce(column, SqlString)


def _grouped(number: Any) -> Any:
    """A card number as printed (``K7Q2-9XJ4-MN3``, ``codes.format_number``), made by the database:
    a million visits need no Python call for it."""
    parts: list[Any] = []
    first = 1
    for size in codes.GROUPS:
        parts.append(func.substr(number, first, size))
        first += size
    joined: Any = parts[0]
    for part in parts[1:]:
        joined = joined.concat("-").concat(part)
    return type_coerce(joined, SqlString)


def _query(kind: str, start: Any) -> Select[Any]:
    """The rows of one export, one selected column per exported column, oldest first."""
    if kind == "cards":
        status = case((Batch.status == "void", "void"), else_=Card.status)
        query = (select(_grouped(Card.number), Card.batch_id, status, Card.stamps, Card.rewards_redeemed, Card.visits,
                        _raw(Card.created_at), _raw(Card.activated_at), _raw(Card.last_stamp_at), Card.customer_id)
                 .join(Batch, Card.batch_id == Batch.id).order_by(Card.id))
        return query if start is None else query.where(Card.created_at >= start)
    if kind == "visits":
        query = (select(Visit.id, _raw(Visit.at), _grouped(Card.number), Visit.stamps_added, Visit.station, Visit.staff)
                 .join(Card, Visit.card_id == Card.id).order_by(Visit.id))
        return query if start is None else query.where(Visit.at >= start)
    if kind == "customers":
        query = select(Customer.id, Customer.name, Customer.phone, Customer.email, _raw(Customer.birthday),
                       _raw(Customer.consent_at), _raw(Customer.created_at), _raw(Customer.anonymised_at),
                       Customer.id).order_by(Customer.id)
        return query if start is None else query.where(Customer.created_at >= start)
    query = (select(Complaint.reference, _raw(Complaint.created_at), Complaint.topic, Complaint.status,
                    Complaint.text, Complaint.contact, _grouped(Card.number), Complaint.station, _raw(Complaint.resolved_at),
                    Complaint.resolution)
             .outerjoin(Card, Complaint.card_id == Card.id).order_by(Complaint.id))
    return query if start is None else query.where(Complaint.created_at >= start)


def _day(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    return dt.date.fromisoformat(str(value)[:10])


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # full-width too


def _guard_csv(value: str) -> str:
    """A text a spreadsheet would take for a formula, with a ``'`` in front (OWASP's CSV injection advice)."""
    return "'" + value if value[:1] in FORMULA_STARTS else value


def converters(columns: Sequence[Column], fmt: str, clock: LocalClock,
               customer_cards: dict[int, str]) -> list[tuple[int, Callable[[Any], Any]]]:
    """For each column that needs it, (its index, the function that turns a stored value into the file's)."""
    made: list[tuple[int, Callable[[Any], Any]]] = []
    for i, column in enumerate(columns):
        convert: Callable[[Any], Any] | None = None
        if column.type == TIME:
            convert = clock.text if fmt == "csv" else clock.local
        elif column.type == DATE:
            convert = ((lambda v: "" if v is None else _day(v).isoformat())  # type: ignore[union-attr]
                       if fmt == "csv" else _day)
        elif column.type == CARDS:
            convert = lambda v: customer_cards.get(v, "")  # noqa: E731
        elif column.type in (FREE, TEXT) and fmt == "csv":  # every text column: the station's name too
            convert = lambda v: _guard_csv(v) if v else ""  # noqa: E731
        if convert is not None:
            made.append((i, convert))
    return made


def _select(database: engine.Database, query: Any, params: dict[str, Any] | None = None,
            ) -> Iterator[Sequence[Sequence[Any]]]:
    """The rows of ``query``, in chunks of up to ``CHUNK`` rows, as the driver gives them.

    SQLite: straight from the sqlite3 driver on a connection of the export's own, in
    autocommit, so a SELECT takes no write lock (the kiosk's sessions begin with
    ``BEGIN IMMEDIATE``), sees one snapshot (WAL), and no SQLAlchemy row processing
    stands between the file and the export. PostgreSQL: a server-side cursor.
    """
    path = database.sqlite_path
    if path is None:
        with database.engine.connect() as server:
            result = server.execution_options(stream_results=True, yield_per=CHUNK).execute(query, params or {})
            for part in result.partitions():
                yield part
        return
    compiled = query.compile(dialect=sqlite_dialect.dialect())
    bound = compiled.construct_params(params or {})
    args = [bound[name] for name in (compiled.positiontup or ())]
    connection = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    try:
        # 16 MB of page cache keeps the cards a visit joins in memory (100,000 cards: 3.2 -> 2.6 s of
        # CPU for 1,000,000 visits, benchmarks/export.py); mmap would be faster but maps the whole file.
        connection.execute("PRAGMA cache_size = -16000")
        cursor = connection.execute(str(compiled), args)
        while True:
            chunk = cursor.fetchmany(CHUNK)
            if not chunk:
                break
            yield chunk
    finally:
        connection.close()


def timezone_of(database: engine.Database) -> str:
    """The shop's time zone setting ("" = the system's); refuse when no shop is set up."""
    found = [row for chunk in _select(database, select(Shop.timezone).where(Shop.id == 1)) for row in chunk]
    if not found:
        raise Refused(Kind.NOT_INITIALISED)
    return str(found[0][0] or "")


def chunks(database: engine.Database, kind: str, fmt: str = "csv", *,
           since: dt.date | None = None) -> Iterator[Sequence[Sequence[Any]]]:
    """The export's rows, a chunk at a time (values as the file format wants them), streamed from the database."""
    if kind not in KINDS:
        raise Refused(Kind.BAD_CHOICE, field="export", value=kind, choices=KINDS)
    clock = LocalClock(timezone_of(database))
    customer_cards: dict[int, list[str]] = {}
    if kind == "customers":
        for part in _select(database, select(Card.customer_id, Card.number)
                            .where(Card.customer_id.is_not(None)).order_by(Card.id)):
            for customer_id, number in part:
                customer_cards.setdefault(int(customer_id or 0), []).append(codes.format_number(number))
    convert = converters(COLUMNS[kind], fmt, clock, {k: " ".join(v) for k, v in customer_cards.items()})
    start = clock.utc_start_of(since) if since is not None else None
    if start is None:
        source = _select(database, _query(kind, None))
    elif database.is_sqlite:  # stored as text: compare with the same text
        source = _select(database, _query(kind, bindparam("start", type_=SqlString)),
                         {"start": start.replace(tzinfo=None).isoformat(" ", "microseconds")})
    else:
        source = _select(database, _query(kind, start))
    for chunk in source:
        if not convert:
            yield chunk
            continue
        out = [list(stored) for stored in chunk]
        for i, change in convert:
            for row in out:
                row[i] = change(row[i])
        yield out


def rows(database: engine.Database, kind: str, fmt: str = "csv", *,
         since: dt.date | None = None) -> Iterator[Sequence[Any]]:
    """The export's rows one by one (see :func:`chunks`)."""
    for chunk in chunks(database, kind, fmt, since=since):
        yield from chunk


def write_csv(out: Path | BinaryIO, columns: Sequence[Column], parts: Iterator[Sequence[Sequence[Any]]]) -> int:
    """Write chunks of rows as RFC 4180 CSV (CRLF line ends) in UTF-8 with a BOM; return how many rows.

    ``out`` is a path or a binary stream (``db.files.writing``'s).
    """
    if isinstance(out, Path):
        with out.open("wb") as stream:
            return write_csv(stream, columns, parts)
    count = 0
    handle = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
    try:
        writer = csv.writer(handle, dialect="excel", lineterminator="\r\n")
        writer.writerow([c.name for c in columns])
        for chunk in parts:
            writer.writerows(chunk)
            count += len(chunk)
        handle.flush()
    finally:
        handle.detach()  # the stream stays open: its owner closes (and renames) it
    return count


def write_xlsx(path: Path | BinaryIO, kind: str, columns: Sequence[Column], parts: Iterator[Sequence[Sequence[Any]]]) -> int:
    """Write rows to a spreadsheet with typed cells (openpyxl, write-only: streamed); return how many rows.

    openpyxl gives a date-time its ``yyyy-mm-dd h:mm:ss`` format and a date ``yyyy-mm-dd``
    by itself; a cell object is made only for a text that must not become a formula.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    book = Workbook(write_only=True)
    texts = [i for i, c in enumerate(columns) if c.type in (FREE, TEXT)]

    def new_sheet(number: int) -> WriteOnlyWorksheet:
        sheet: WriteOnlyWorksheet = book.create_sheet(kind if number == 1 else f"{kind} {number}")
        for i, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = WriteOnlyCell(sheet, column.name)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        return sheet

    count, sheets, used = 0, 1, 1
    sheet = new_sheet(1)
    for row in (row for chunk in parts for row in chunk):
        if used >= XLSX_ROWS:
            sheets += 1
            sheet, used = new_sheet(sheets), 1
        for i in texts:
            value = row[i]
            if value and isinstance(value, str) and (value[0] in FORMULA_STARTS
                                                      or ILLEGAL_CHARACTERS_RE.search(value)):
                cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # a text, never a formula
                row = [*row[:i], cell, *row[i + 1:]]
        sheet.append(row)
        used += 1
        count += 1
    book.save(path)
    return count


def export(database: engine.Database, kind: str, out: Path, *, since: dt.date | None = None) -> ExportResult:
    """Write one export (``cards``, ``visits``, ``customers`` or ``complaints``) to ``out`` (.csv or .xlsx).

    All or nothing (``db.files.writing``): the rows go to a temporary file that is
    renamed to ``out`` only when complete; a missing folder is refused, a FIFO or
    device is written through.
    """
    fmt = format_of(out)
    if kind not in KINDS:
        raise Refused(Kind.BAD_CHOICE, field="export", value=kind, choices=KINDS)
    zone = timezone_of(database)
    values = chunks(database, kind, fmt, since=since)
    with files.writing(out) as stream:
        count = (write_xlsx(stream, kind, COLUMNS[kind], values) if fmt == "xlsx"
                 else write_csv(stream, COLUMNS[kind], values))
    return ExportResult(kind, out, fmt, count, zone, since)
