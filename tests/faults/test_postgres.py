"""The same limits and refusals on PostgreSQL as on SQLite; a server that is gone is exit 4."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from tests.faults.conftest import OWNER_PIN, Run, one_line
from tests.helpers import postgres

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server(postgres_server: postgres.PostgresServer) -> postgres.PostgresServer:
    """The run's PostgreSQL server (tests/conftest.py)."""
    return postgres_server


def test_a_server_without_a_stampcard_schema_is_no_database(server: postgres.PostgresServer, cli_run: Run) -> None:
    url = server.create_database("empty_one")
    code, _, err = cli_run("report", db=url)
    assert code == 3 and "no stampcard database at postgresql+psycopg://" in one_line(err)
    probe = create_engine(url)
    with probe.connect() as connection:
        assert inspect(connection).get_table_names() == []  # nothing was made there
    probe.dispose()


def test_texts_are_refused_the_same_way_as_on_sqlite(server: postgres.PostgresServer, cli_run: Run,
                                                     tmp_path: Path) -> None:
    url = server.create_database("texts")
    assert cli_run("init", "--shop", "Chain shop", "--owner-pin", OWNER_PIN, db=url)[0] == 0
    status, out, err = cli_run("batch", "create", "--count", "30", "--prestamps", "2", "--pin", OWNER_PIN,
                               "--out", str(tmp_path / "b.pdf"), "--json", db=url)
    assert status == 0, err
    code = json.loads(out)["codes"][0]
    for argv, words in ((["stamp", code, "--station", "s" * 61], "station is too long (at most 60"),
                        (["complaint", "add", "--topic", "other", "--text", "a\x00b"], "contains control characters"),
                        (["complaint", "add", "--topic", "other", "--contact", "c" * 201], "at most 200"),
                        (["card", "block", code, "--reason", "r" * 301, "--pin", OWNER_PIN], "at most 300")):
        status, _, err = cli_run(*argv, db=url)
        assert status == 3 and words in one_line(err), (argv, err)
    assert cli_run("stamp", code, "--station", "s" * 60, db=url)[0] == 0


def test_a_server_that_is_gone_is_exit_4(cli_run: Run) -> None:
    code, _, err = cli_run("report", db="postgresql+psycopg://nobody@127.0.0.1:1/shop")
    assert code == 4 and "cannot be reached" in one_line(err)


def test_parallel_redeem_on_postgresql_has_one_winner(server: postgres.PostgresServer, cli_run: Run,
                                                      tmp_path: Path) -> None:
    from tests.faults.test_parallel import RACERS, race

    url = server.create_database("racing")
    assert cli_run("init", "--shop", "Race", "--owner-pin", OWNER_PIN, "--prestamps", "0", db=url)[0] == 0
    status, out, _ = cli_run("batch", "create", "--count", "1", "--pin", OWNER_PIN, "--out",
                             str(tmp_path / "b.pdf"), "--json", db=url)
    code = json.loads(out)["codes"][0]
    for count in (5, 5):
        assert cli_run("stamp", code, "--count", str(count), "--force", db=url)[0] == 0
    answers = race(url, [["redeem", code]] * RACERS)
    assert answers.count("won") == 1 and answers.count("refused not_full") == RACERS - 1, answers
