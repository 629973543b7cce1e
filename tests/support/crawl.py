"""Running real crawls in tests: the spider as a subprocess against a server on loopback, and the
fixture articles' expected items."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support import forked

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
#: Politeness off for loopback speed: tests override defaults with -s, never by editing them.
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO")


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def feed(self) -> list[dict]:
        """The feed as it is now (read afresh: a later run on the same folder changes it)."""
        path = self.output / "local_news.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]

    @property
    def stats(self) -> dict:
        """The run's final stats, from the JSON file the crawl wrote (VKSCRAWL_STATS_FILE); {}
        when the crawl never got to write it."""
        path = stats_file(self.output)
        return json.loads(path.read_text("utf-8")) if path.exists() else {}

    def requested(self, path_fragment: str = "") -> list[str]:
        """URLs of the requests the crawl made (from Scrapy's 'Crawled' debug lines)."""
        urls = []
        for line in self.stderr.splitlines():
            if "Crawled (" in line and "<GET " in line:
                url = line.split("<GET ", 1)[1].split(">", 1)[0]
                if path_fragment in url:
                    urls.append(url)
        return urls


def stats_file(output: Path) -> Path:
    """Where a test crawl writing to ``output`` leaves its stats (beside the output folder)."""
    return output.parent / f"{output.name}.stats.json"


def crawl_command(start_url: str | None, output: Path, *args: str) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "local_news"]
    if start_url is not None:
        command += ["-a", f"start_url={start_url}"]
    return command + ["-s", f"VKSCRAWL_OUTPUT_DIR={output}", *FAST, "-s", "LOG_LEVEL=DEBUG",
                      "-s", f"VKSCRAWL_STATS_FILE={stats_file(output)}", *args]


def run_crawl(start_url: str | None, output: Path, *args: str, timeout: float = 300,
              env: dict | None = None) -> CrawlResult:
    stats_file(output).unlink(missing_ok=True)
    command = crawl_command(start_url, output, *args)
    env = {**os.environ, **(env or {})}
    if forked.enabled():
        proc = forked.run(command, ROOT, env, timeout)
    else:
        proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                              timeout=timeout, env=env)
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr, output)


def start_crawl_process(command: list[str], **popen) -> subprocess.Popen | forked.ForkedProcess:
    """``subprocess.Popen(command, **popen)`` for a ``python -m scrapy crawl`` command, forked
    from the warm server (``support.forked``) unless VKSCRAWL_TESTS_FORK=0."""
    if forked.enabled():
        return forked.ForkedProcess(command, **popen)
    return subprocess.Popen(command, **popen)


def expected_items() -> dict[str, dict]:
    """Fixture folder name -> (fixture.json, expected.json) for every article fixture."""
    out = {}
    for meta_file in sorted(FIXTURES.glob("articles/*/fixture.json")):
        meta = json.loads(meta_file.read_text("utf-8"))
        expected_file = meta_file.parent / "expected.json"
        expected = json.loads(expected_file.read_text("utf-8")) if expected_file.exists() else None
        out[meta_file.parent.name] = {"meta": meta, "expected": expected}
    return out


def with_origin(value, origin: str):
    """Put the server's origin where an expected item says {origin}."""
    if isinstance(value, str):
        return value.replace("{origin}", origin)
    if isinstance(value, list):
        return [with_origin(v, origin) for v in value]
    if isinstance(value, dict):
        return {k: with_origin(v, origin) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class FixtureCounts:
    """What a complete crawl of the offline portal yields, computed from the fixtures (a test that
    wrote the numbers down would break each time a fixture is added)."""

    listed: int     # article fixtures the listing names (each fetched once by a first crawl)
    items: int      # items the feed holds: every article in the feed, one of a republished pair
    images: int     # distinct image URLs of those items


def fixture_counts() -> FixtureCounts:
    fixtures = expected_items()
    in_feed = [fx for fx in fixtures.values() if fx["meta"].get("in_feed", True)]
    copies = {frozenset((fx["meta"]["article_id"], fx["meta"]["same_content_as"]))
              for fx in in_feed if fx["meta"].get("same_content_as")}
    images = {image["url"] for fx in in_feed for image in fx["expected"]["images"]}
    return FixtureCounts(listed=len(fixtures), items=len(in_feed) - len(copies), images=len(images))
