"""The ledger: aliases, image rows, and the read-only view other components use while the archive writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newscrawl.archive.ledger import ImageEntry, Ledger, LedgerEntry, LedgerReader, ledger_time

ENTRY = LedgerEntry("ofweek.com/a/1.html", "https://www.ofweek.com/a/1.html", "x/y/z/a.md", "hash", 1)


def test_an_article_is_found_by_its_key_or_an_alias(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    ledger.record(ENTRY, "2024-01-01T00:00:00+00:00", aliases=[ENTRY.article_key, "m.ofweek.com/a/1"])
    assert ledger.find(["unknown", "m.ofweek.com/a/1"]) == ENTRY
    assert ledger.find([ENTRY.article_key]) == ENTRY
    assert ledger.find(["unknown"]) is None
    ledger.close()


def test_an_alias_keeps_its_first_article(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    ledger.record(ENTRY, "2024-01-01T00:00:00+00:00", aliases=["shared"])
    other = LedgerEntry("other", "https://o/", "o.md", "h2", 1)
    ledger.record(other, "2024-01-01T00:00:00+00:00", aliases=["shared"])
    assert ledger.find(["shared"]) == ENTRY
    ledger.close()


def test_image_rows(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    image = ImageEntry("https://a/x.png", "ab" * 32, "images/ab/x.png")
    ledger.record_image(image, "2024-01-01T00:00:00+00:00")
    assert ledger.image("https://a/x.png") == image
    assert ledger.image("https://a/y.png") is None
    ledger.close()


def test_the_reader_sees_what_the_writer_committed_before_a_moment(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    reader = LedgerReader(path)
    assert reader.held_before(ENTRY.article_key, "2030-01-01") is False  # no ledger yet: nothing known
    writer = Ledger(path)
    writer.record(ENTRY, "2024-01-01T00:00:00+00:00", aliases=["alias/1"])
    assert reader.held_before(ENTRY.article_key, "2024-06-01T00:00:00+00:00")
    assert reader.held_before("alias/1", "2024-06-01T00:00:00+00:00")
    assert not reader.held_before(ENTRY.article_key, "2023-06-01T00:00:00+00:00")  # written later than that
    assert not reader.held_before("other", "2030-01-01")
    reader.close()
    writer.close()


def test_the_ledger_file_alone_holds_every_row_once_the_writer_closed(tmp_path: Path) -> None:
    # The crawl's readers (the spider middlewares) are read-only and often close last: SQLite leaves the journal
    # in ledger.sqlite3-wal when the last connection to close cannot write; a copy of ledger.sqlite3 lost its rows.
    path = tmp_path / "ledger.sqlite3"
    writer = Ledger(path)
    reader = LedgerReader(path)
    writer.record(ENTRY, "2024-01-01T00:00:00+00:00", aliases=["alias/1"])
    assert reader.holds(ENTRY.article_key)
    writer.close()
    reader.close()

    backup = tmp_path / "backup" / "ledger.sqlite3"
    backup.parent.mkdir()
    backup.write_bytes(path.read_bytes())  # the database file only, as `cp ledger.sqlite3` takes it
    copy = Ledger(backup)
    assert copy.find(["alias/1"]) == ENTRY
    copy.close()


def test_a_run_starting_within_the_second_the_last_one_wrote_still_knows_its_articles(tmp_path: Path) -> None:
    # Scheduled runs back to back, and the portal tests, start a run within the second the previous one ended;
    # times in whole seconds made those articles unknown (NEWSCRAWL_STOP_AFTER_KNOWN then paged on).
    path = tmp_path / "ledger.sqlite3"
    writer = Ledger(path)
    writer.record(ENTRY, ledger_time(), aliases=[])
    next_run_started = ledger_time()
    reader = LedgerReader(path)
    assert reader.held_before(ENTRY.article_key, next_run_started)
    # A row an older newscrawl wrote in whole seconds is before any moment of that second.
    older = LedgerEntry("older", "https://o/", "o.md", "h", 1)
    writer.record(older, "2024-01-01T00:00:05+00:00", aliases=[])
    assert reader.held_before("older", "2024-01-01T00:00:05.000001+00:00")
    assert not reader.held_before("older", "2024-01-01T00:00:04.999999+00:00")
    reader.close()
    writer.close()


def test_the_reader_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    Ledger(path).close()
    reader = LedgerReader(path)
    assert reader.held_before("x", "2030") is False
    assert reader.connection is not None
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reader.connection.execute("DELETE FROM articles")
    reader.close()


def test_the_reader_knows_an_article_by_its_key_or_an_alias_whenever_written(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    reader = LedgerReader(path)
    assert reader.holds(ENTRY.article_key) is False  # no ledger yet
    writer = Ledger(path)
    writer.record(ENTRY, "2024-01-01T00:00:00+00:00", aliases=["alias/1"])
    assert reader.holds(ENTRY.article_key) and reader.holds("alias/1")
    assert not reader.holds("other")
    reader.close()
    writer.close()


def test_the_recorded_end_of_the_json_lines_moves_with_its_rows_and_never_back(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    assert ledger.jsonl_recorded_end() is None
    with ledger.transaction():
        ledger.record(ENTRY, "2024-01-01T00:00:00+00:00")
        ledger.move_jsonl_recorded_end(120)
    assert ledger.jsonl_recorded_end() == 120
    with ledger.transaction():
        ledger.record(LedgerEntry("b", "https://b/", "b.md", "h", 1), "2024-01-01T00:00:00+00:00")
        ledger.move_jsonl_recorded_end(90)
    assert ledger.jsonl_recorded_end() == 120  # another run's earlier line, recorded later
    with pytest.raises(RuntimeError), ledger.transaction():
        ledger.record(LedgerEntry("c", "https://c/", "c.md", "h", 1), "2024-01-01T00:00:00+00:00")
        ledger.move_jsonl_recorded_end(200)
        raise RuntimeError("killed before the commit")
    assert (ledger.jsonl_recorded_end(), ledger.entry("c")) == (120, None)  # neither without the other
    ledger.record(ENTRY, "2024-01-01T00:00:00+00:00")  # no line (the image pipeline's ledger, render)
    assert ledger.jsonl_recorded_end() == 120
    ledger.set_jsonl_recorded_end(60)
    assert ledger.jsonl_recorded_end() == 60
    ledger.close()
