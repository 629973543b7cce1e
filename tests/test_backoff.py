"""The retry backoff of failed articles and images: the very next run after a first failure, then
VKSCRAWL_RETRY_DELAY, doubled after each further failure, never more than
VKSCRAWL_RETRY_MAX_DELAY, given up after VKSCRAWL_MAX_ATTEMPTS; the settings reach the ledger of a
crawl's output folder. A real ledger (SQLite) at a fixed clock: a delay replaced by a constant,
a doubling or a cap removed, fails here."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from vkscrawl.config import Config
from vkscrawl.dispatch.output import OutputFolder
from vkscrawl.ledger.state import Ledger

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def delays(failures: list[dict]) -> list[float | None]:
    """Seconds from NOW to each next attempt (None: given up)."""
    out = []
    for row in failures:
        if row["next_attempt"] is None:
            out.append(None)
        else:
            at = datetime.strptime(row["next_attempt"], "%Y-%m-%dT%H:%M:%SZ")
            out.append((at.replace(tzinfo=timezone.utc) - NOW).total_seconds())
    return out


@pytest.mark.parametrize("kind", ["article", "image"])
def test_delay_doubles_up_to_its_cap_then_gives_up(kind):
    ledger = Ledger(None, retry_delay=60, retry_max_delay=1000, max_attempts=9)
    if kind == "article":
        fail = lambda: ledger.failed(7, "HTTP 503", now=NOW)  # noqa: E731
    else:
        ledger.add_images(7, ["http://x.invalid/a.jpg"])
        fail = lambda: ledger.image_failed("http://x.invalid/a.jpg", "HTTP 503", now=NOW)  # noqa
    rows = [fail() for _ in range(10)]
    assert [row["attempts"] for row in rows] == list(range(1, 11))
    assert delays(rows) == [0, 60, 120, 240, 480, 960, 1000, 1000, None, None]


def test_the_backoff_starts_again_after_a_success():
    ledger = Ledger(None, retry_delay=60, retry_max_delay=1000, max_attempts=9)
    for _ in range(4):
        ledger.failed(7, "HTTP 503", now=NOW)
    ledger.written(7, "sha256:x")
    assert delays([ledger.failed(7, "HTTP 503", now=NOW),
                   ledger.failed(7, "HTTP 503", now=NOW)]) == [0, 60]


def test_the_settings_reach_the_crawls_ledger(tmp_path):
    config = Config.from_settings({"VKSCRAWL_OUTPUT_DIR": str(tmp_path),
                                   "VKSCRAWL_RETRY_DELAY": "300",
                                   "VKSCRAWL_RETRY_MAX_DELAY": "500",
                                   "VKSCRAWL_MAX_ATTEMPTS": "4"})
    folder = OutputFolder(config)
    try:
        rows = [folder.ledger.failed(7, "HTTP 503", now=NOW) for _ in range(4)]
    finally:
        folder.close()
    assert delays(rows) == [0, 300, 500, None]
    assert (tmp_path / "state.sqlite3").is_file()


def test_the_defaults_are_half_an_hour_doubling_to_a_day_and_ten_attempts():
    ledger = Ledger(None)
    rows = [ledger.failed(7, "HTTP 503", now=NOW) for _ in range(10)]
    minutes = [d / 60 if d is not None else None for d in delays(rows)]
    assert minutes == [0, 30, 60, 120, 240, 480, 960, 1440, 1440, None]
    assert timedelta(minutes=1440) == timedelta(days=1)
