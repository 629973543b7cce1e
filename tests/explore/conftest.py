"""An output folder as a crawl of the offline portal leaves it: the feed, and beside it the
events.jsonl the crawl itself wrote (vkscrawl/scrapy_ext/events.py, the rules of
vkscrawl/digest/). No event here is written by hand: a test that needs an edited or extra event
starts from one of these."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.support.crawl import FIXTURES, run_crawl
from vkscrawl.digest.events_file import update_events
from vkscrawl.offline.server import ServerThread



@pytest.fixture(scope="session")
def crawled(tmp_path_factory) -> Path:
    """One real crawl of the bundled portal, shared; tests work on copies (``output``).

    ``VKSCRAWL_TEST_CRAWLED=DIR`` reuses the output folder of such a crawl made earlier (the
    mutation runs start a test session per mutant, and need not crawl each time)."""
    output = tmp_path_factory.mktemp("crawl") / "output"
    earlier = os.environ.get("VKSCRAWL_TEST_CRAWLED")
    if earlier:
        shutil.copytree(earlier, output, ignore=shutil.ignore_patterns("*.db"))
        # A folder crawled before the crawl wrote events: the crawl's own call makes them.
        update_events(output / "local_news.jsonl", output / "events.jsonl")
    else:
        with ServerThread(FIXTURES) as url:
            result = run_crawl(url, output)
        assert result.returncode == 0, result.stderr[-2000:]
    feed = last_per_key(read_jsonl(output / "local_news.jsonl"), "article_id")
    events = live_events(output)
    # Every article of the feed has its events: the crawl wrote them, to the end of the feed.
    assert feed and {e["article_id"] for e in events.values()} == set(feed)
    return output


@pytest.fixture
def output(crawled, tmp_path) -> Path:
    """A private copy of the crawled output folder, events included."""
    copy = tmp_path / "output"
    shutil.copytree(crawled, copy)
    return copy


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def last_per_key(lines: list[dict], key: str) -> dict:
    """The consumer's reading of a JSONL file: the last line per key, markers dropped."""
    live = {}
    for line in lines:
        if line.get("deleted"):
            live.pop(line[key], None)
        else:
            live[line[key]] = line
    return live


def live_events(output: Path) -> dict:
    """The events a consumer of ``output/events.jsonl`` sees, by event_id."""
    return last_per_key(read_jsonl(output / "events.jsonl"), "event_id")


def append(path: Path, *lines: dict | bytes) -> None:
    with open(path, "ab") as f:
        for line in lines:
            f.write(line if isinstance(line, bytes)
                    else json.dumps(line, ensure_ascii=False).encode() + b"\n")
