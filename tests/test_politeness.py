"""Politeness: robots.txt obeyed, an honest User-Agent on the wire, polite defaults."""

from __future__ import annotations

import json

import pytest

from warcio.archiveiterator import ArchiveIterator

from tests.support.crawl import run_crawl
from vkscrawl.offline.server import ServerThread


def test_defaults_are_polite():
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
    assert settings.getfloat("DOWNLOAD_DELAY") >= 1
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    # Built from VKSCRAWL_CONTACT when the crawl starts, never frozen into the settings module.
    assert settings.getpriority("USER_AGENT") == 0


def user_agents(output) -> set[str]:
    agents = set()
    for warc in (output / "snapshots").glob("*.warc.gz"):
        with open(warc, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "request":
                    agents.add(record.http_headers.get_header("User-Agent"))
    return agents


@pytest.mark.parametrize("how", ["setting", "environment", "default", "empty setting",
                                 "empty setting, environment"])
def test_contact_reaches_the_wire_from_a_setting_or_the_environment(portal, tmp_path, how):
    """An empty ``-s VKSCRAWL_CONTACT=`` is no contact: the environment's, else the placeholder,
    which a WARNING names."""
    contact = "mailto:ops@example.org"
    args = ("-a", "max_pages=1")
    env = {"VKSCRAWL_CONTACT": ""}
    if how == "setting":
        args += ("-s", f"VKSCRAWL_CONTACT={contact}")
    if how.startswith("empty setting"):
        args += ("-s", "VKSCRAWL_CONTACT=")
    if how.endswith("environment"):
        env = {"VKSCRAWL_CONTACT": contact}
    result = run_crawl(portal, tmp_path / "out", *args, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    [agent] = user_agents(tmp_path / "out")
    assert agent.startswith("vkscrawl/")
    placeholder = "WARNING: VKSCRAWL_CONTACT is the placeholder" in result.stderr
    if how in ("default", "empty setting"):
        assert placeholder and "(+https://github.com/vkscrawl/vkscrawl)" in agent
    else:
        assert not placeholder and agent.endswith(f"(+{contact})")


def test_robots_txt_is_obeyed_and_user_agent_is_honest(fixtures_copy, tmp_path):
    blocked = json.loads(
        (fixtures_copy / "articles" / "01-cao-bang-ha-tinh-can-tho" / "fixture.json").read_text())
    robots = fixtures_copy / "portal" / "robots.txt"
    # Into the existing group, before its Allow lines.
    robots.write_text(robots.read_text("utf-8").replace(
        "User-agent: *\n", f"User-agent: *\nDisallow: {blocked['path']}\n", 1), "utf-8")
    with ServerThread(fixtures_copy) as url:
        result = run_crawl(url, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    assert blocked["article_id"] not in {item["article_id"] for item in result.feed}
    assert not [u for u in result.requested() if u.endswith(blocked["path"])]
    assert result.stats["robotstxt/forbidden"] >= 1
    agents = user_agents(tmp_path / "out")
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("vkscrawl/") and "+http" in agent
