"""Shared fixtures: the offline portal on loopback (plain, or from a private copy a test may change)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.crawl import FIXTURES, CrawlResult, run_crawl
from tests.support.faults import ServerThread

pytest_plugins = ["tests.support.markers"]


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject's addopts): two workers per CPU. A crawl test waits on sockets and
    timers (timeouts, retries, delays) for much of its time; a second worker per CPU fills it."""
    return 2 * (os.cpu_count() or 1)


@pytest.fixture
def fixtures_copy(tmp_path) -> Path:
    """A private copy of the fixtures that a test may change between crawls."""
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    return copy


@pytest.fixture(scope="session")
def portal():
    """The bundled offline portal on 127.0.0.1, one for the session (of each pytest worker): its
    pages never change; yields its listing URL."""
    with ServerThread(FIXTURES) as url:
        yield url


@pytest.fixture(scope="session")
def healthy_crawl(portal, tmp_path_factory) -> CrawlResult:
    """One healthy crawl of the session's portal, done once: for tests that only read what a
    complete first crawl gives (its feed, its log). Never write to its output folder."""
    result = run_crawl(portal, tmp_path_factory.mktemp("healthy") / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture
def portal_copy(fixtures_copy):
    """The offline portal served from a private copy; yields (listing URL, fixtures folder)."""
    with ServerThread(fixtures_copy) as url:
        yield url, fixtures_copy
