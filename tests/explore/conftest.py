"""An output folder as a crawl of the offline portal leaves it, with the hand-labelled events of
its articles beside the feed (tests/data/explore/events.jsonl: one event per digest section or
single-story article, labelled by reading each section; see tests/data/explore/README.md)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.support.crawl import FIXTURES, ROOT, run_crawl
from vkscrawl.offline.server import ServerThread

EVENTS = ROOT / "tests" / "data" / "explore" / "events.jsonl"
#: Events in that file (one line per event, none repeated).
EVENT_COUNT = sum(1 for line in EVENTS.read_text("utf-8").splitlines() if line.strip())


@pytest.fixture(scope="session")
def crawled(tmp_path_factory) -> Path:
    """One real crawl of the bundled portal, shared; tests work on copies (``output``).

    ``VKSCRAWL_TEST_CRAWLED=DIR`` reuses the output folder of such a crawl made earlier (the
    mutation runs start a test session per mutant, and need not crawl each time)."""
    output = tmp_path_factory.mktemp("crawl") / "output"
    earlier = os.environ.get("VKSCRAWL_TEST_CRAWLED")
    if earlier:
        shutil.copytree(earlier, output, ignore=shutil.ignore_patterns("events.jsonl", "*.db"))
    else:
        with ServerThread(FIXTURES) as url:
            result = run_crawl(url, output)
        assert result.returncode == 0, result.stderr[-2000:]
    shutil.copy(EVENTS, output / "events.jsonl")
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


def append(path: Path, *lines: dict | bytes) -> None:
    with open(path, "ab") as f:
        for line in lines:
            f.write(line if isinstance(line, bytes)
                    else json.dumps(line, ensure_ascii=False).encode() + b"\n")
