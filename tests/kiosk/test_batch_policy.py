"""One batch-failure policy in both shells (``kiosk.workflows.settle_unwritten``): a batch whose PDF could not
be written is kept and the reprint is offered; only the owner's Stop voids a batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from db import engine, ops
from kiosk import cli, workflows
from kiosk.app import tasks
from kiosk.app import theme
from kiosk.app.owner import print_page
from kiosk.app.services import Services
from tests.conftest import PIN

pytestmark = pytest.mark.gui


@pytest.fixture
def services(shop_db: engine.Database, tmp_path: Path) -> Services:
    return Services(shop_db, station="test-station", data_dir=tmp_path / "data")


def blocked_pdf(folder: Path, batch: int) -> Path:
    """Something that is not a file where the batch's PDF must go: the PDF cannot be written after the commit."""
    target = workflows.default_pdf_path(folder, batch, "a4")
    target.mkdir(parents=True)
    return target


def test_the_print_page_keeps_a_batch_whose_pdf_failed_and_writes_it_again(qtbot: Any, services: Services) -> None:
    page = print_page.PrintPage(services, theme.Metrics(800), tasks.TaskRunner(threaded=False))
    qtbot.addWidget(page)
    page.show()
    in_the_way = blocked_pdf(services.data_dir / "cards", 1)
    page.count.set_value(12)
    page.make.click()
    with services.session() as session:
        [batch] = ops.list_batches(session)
    assert (batch.id, batch.status, batch.count) == (1, "active", 12)  # kept, not voided
    assert page.rewrite_button.isVisible() and "Batch 1" in page.banner.text()
    assert page.result is None and not page.print_button.isEnabled()
    in_the_way.rmdir()
    page.rewrite_button.click()
    assert page.result is not None and page.result.batch == 1 and page.result.count == 12
    assert page.result.pdf.read_bytes().startswith(b"%PDF")
    assert not page.rewrite_button.isVisible() and page.print_button.isEnabled()
    with services.session() as session:
        assert [(b.id, b.status) for b in ops.list_batches(session)] == [(1, "active")]  # no second batch


def test_the_command_line_keeps_it_the_same_way(services: Services, db_path: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk import config

    in_the_way = blocked_pdf(config.data_dir() / "batches", 1)
    assert cli.main(["batch", "create", "--count", "3", "--db", str(db_path), "--pin", PIN]) == 4
    assert "batch reprint 1" in capsys.readouterr().err
    with services.session() as session:
        assert [(b.id, b.status) for b in ops.list_batches(session)] == [(1, "active")]
    in_the_way.rmdir()
    out = tmp_path / "again.pdf"
    assert cli.main(["batch", "reprint", "1", "--out", str(out), "--db", str(db_path), "--pin", PIN]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_only_a_stop_voids(services: Services, tmp_path: Path) -> None:
    def stop(done: int, _total: int) -> None:
        if done:
            raise tasks.Cancelled()

    with pytest.raises(tasks.Cancelled):
        print_page.make_batch(services.database, count=25, prestamps=0, paper="a4", folder=tmp_path / "out",
                              now=services.now(), station="s", staff="owner", progress=stop)
    blocked_pdf(tmp_path / "out2", 2)
    with pytest.raises(workflows.NotWritten):
        print_page.make_batch(services.database, count=5, prestamps=0, paper="a4", folder=tmp_path / "out2",
                              now=services.now(), station="s", staff="owner", progress=lambda _d, _t: None)
    with services.session() as session:
        assert sorted((b.id, b.status) for b in ops.list_batches(session)) == [(1, "void"), (2, "active")]
