"""Running a parsed ``stampcard`` command: its context, and the exit code of every way it can end.

Exit codes: 0 success, 1 a printer failed, 2 bad usage (a number out of range
names the range), 3 refused (with one line on stderr and nothing written), 4
the database cannot be read or written (one line, nothing recorded); never a
traceback. ``kiosk.cli.main`` parses the arguments and hands them here.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys

from cards import refusals
from db import engine, errors
from kiosk import config, sentences
from kiosk.cli import common


def run(args: argparse.Namespace) -> int:
    """Run the parsed command: its context, a private umask, and an exit code for every way it can end."""
    ctx = common.Context(db_url=config.database_url(args.db), json=args.json,
                         station=config.station_name(args.station), data_dir=config.data_dir())
    old_mask = os.umask(0o077)  # whatever this command creates is private: files 0600, folders 0700
    config.tighten(ctx.data_dir)
    try:
        code = int(args.func(args, ctx))
        sys.stdout.flush()  # here, where a closed pipe is caught, not at the interpreter's exit
        return code
    except common.Usage as exc:
        print(f"stampcard: {exc}", file=sys.stderr)
        return common.EXIT_USAGE
    except refusals.Refused as exc:
        sentence = sentences.sentence(exc)
        if exc.kind is refusals.Kind.OUT_OF_RANGE:  # a number out of range is bad usage (DESIGN)
            print(f"stampcard: {sentence}", file=sys.stderr)
            return common.EXIT_USAGE
        if ctx.json:
            print(json.dumps({"error": sentence, "kind": exc.kind.value}, ensure_ascii=False))
        print("stampcard: " + sentences.user().gettext("refused: %(reason)s", reason=sentence), file=sys.stderr)
        return common.EXIT_REFUSED
    except errors.BadURL as exc:  # --db names no database a driver can open: bad usage
        print(f"stampcard: {sentences.bad_url(exc)}", file=sys.stderr)
        return common.EXIT_USAGE
    except common.driver_errors(errors.StampcardError, sqlite3.Error, UnicodeDecodeError) as exc:
        hub_io = sys.modules.get("db.sync.hub_io")  # loaded only by what talks to a chain's hub
        if hub_io is not None and isinstance(exc, hub_io.HubUnreachable):  # exit 4 too: the hub, by its kind
            sentence = sentences.hub(exc)
            if ctx.json:
                print(json.dumps({"error": sentence, "kind": "hub", "fault": exc.kind.value}, ensure_ascii=False))
            print(f"stampcard: {sentence}", file=sys.stderr)
            return common.EXIT_DATABASE
        fault = engine.fault_of(exc, ctx.db_url)  # exit 4: the database cannot be read or written
        sentence = sentences.fault(fault)
        if ctx.json:
            print(json.dumps({"error": sentence, "kind": "database", "fault": fault.kind.value}, ensure_ascii=False))
        print(f"stampcard: {sentence}", file=sys.stderr)
        return common.EXIT_DATABASE
    except BrokenPipeError:  # `stampcard card show X | head -1`: the reader has all it wanted
        common.quiet_stdout()
        return common.EXIT_OK
    except OSError as exc:
        sentence = common.os_sentence(exc)
        if ctx.json:
            print(json.dumps({"error": sentence, "kind": "file"}, ensure_ascii=False))
        print(f"stampcard: {sentence}", file=sys.stderr)
        return common.EXIT_DATABASE if common.is_storage_fault(exc) else common.EXIT_REFUSED
    except KeyboardInterrupt:  # Ctrl-C: the open transaction rolls back; one line, no traceback
        print("stampcard: " + sentences.user().gettext("interrupted; what was not finished was not recorded"),
              file=sys.stderr)
        return 130
    finally:
        os.umask(old_mask)
        ctx.close()
