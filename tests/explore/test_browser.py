"""In a real browser: ``vkscrawl explore`` serving the export over loopback HTTP, and the page
``vkscrawl report`` writes, opened from disk. Every expected number is computed here from the
JSONL files (last line per event), not from the database the product built."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from tests.explore import browser
from tests.explore.conftest import last_per_key, live_events, read_jsonl
from tests.support.crawl import fixture_counts
from tests.explore.test_export import plain, words
from vkscrawl.cli import main

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not browser.available(),
                                 reason="chromium and chromedriver are not installed "
                                        "(apt-get install chromium chromium-driver)")]


@pytest.fixture(scope="session")
def chromium():
    driver = browser.start_browser()
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(driver.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def served(crawled, tmp_path_factory):
    """``vkscrawl explore OUTPUT --port 0`` as a user runs it; ended with Ctrl-C (SIGINT)."""
    output = tmp_path_factory.mktemp("explore") / "output"
    shutil.copytree(crawled, output)
    proc = subprocess.Popen([str(Path(sys.executable).parent / "vkscrawl"), "explore",
                             str(output), "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if line.startswith("Datasette at "):
            break
    else:
        proc.kill()
        pytest.fail(f"explore did not start: {lines} {proc.stderr.read()}")
    url = line.split()[2]
    assert url.startswith("http://127.0.0.1:")
    yield url, output, lines
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=30) == 0, proc.stderr.read()


def events_of(output: Path) -> dict:
    return last_per_key(read_jsonl(output / "events.jsonl"), "event_id")


def submit(chromium, box, value: str, parameter: str) -> None:
    """Type into a form's box and submit it, then wait until the browser shows the answer (a
    condition, not a delay: the new page's URL carries the parameter and it has loaded)."""
    from selenium.webdriver.support.ui import WebDriverWait

    box.clear()
    box.send_keys(value)
    box.submit()
    WebDriverWait(chromium, 20, poll_frequency=0.05).until(
        lambda d: f"{parameter}=" in d.current_url
        and d.execute_script("return document.readyState") == "complete")


def parsed(chromium) -> None:
    """Wait until the page is parsed to its end (Datasette's footer is its last element):
    headless Chromium has been seen to answer a script while a streamed page was still coming."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(chromium, 20, poll_frequency=0.05).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && "
        "document.querySelector('footer.ft') !== null"))


def visit(chromium, url: str) -> None:
    chromium.get(url)
    parsed(chromium)


def column_of(chromium, name: str) -> list[str]:
    parsed(chromium)
    return chromium.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map("
        "  e => e.textContent.trim())", f"td.col-{name}")


def test_explore_refreshed_the_export_and_said_where_it_serves(served):
    url, output, lines = served
    assert (output / "explore.db").is_file()
    assert f"{fixture_counts().items} articles, {len(live_events(output))} events" in lines[0]


def test_the_search_box_finds_events_typed_without_diacritics(served, chromium):
    url, output, _ = served
    visit(chromium, f"{url}/events")
    submit(chromium, chromium.find_element("css selector", "input[name=_search]"), "Dak Lak",
           "_search")
    expected = {i for i, e in events_of(output).items()
                if {"dak", "lak"} <= set(words(plain(e["text"] + " " + e["unit"]).lower()))}
    assert "12511-2" in expected
    assert set(column_of(chromium, "event_id")) == expected


def test_the_canned_search_finds_kiem_sat_truc_tiep_with_and_without_marks(served, chromium):
    url, output, _ = served
    expected = {i for i, e in events_of(output).items()
                if "kiem sat truc tiep" in " ".join(words(plain(e["text"]).lower()))}
    assert expected
    found = {}
    for query in ('"kiem sat truc tiep"', '"kiểm sát trực tiếp"', '"KIEM sát TRỰC tiep"'):
        visit(chromium, f"{url}/search")
        submit(chromium, chromium.find_element("css selector", "input[name=q]"), query, "q")
        kinds, ids = column_of(chromium, "found_in"), column_of(chromium, "id")
        found[query] = {i for k, i in zip(kinds, ids) if k == "event"}
    assert all(f == expected for f in found.values()), found


def _facet(chromium, name: str) -> dict[str, int]:
    facet = chromium.find_element("css selector", f'div.facet-info[data-column="{name}"]')
    counts = {}
    for item in facet.find_elements("css selector", "li"):
        links = item.find_elements("css selector", "a")
        if not links:
            continue
        counts[links[0].text] = int(item.text[len(links[0].text):].strip().replace(",", ""))
    return counts


def test_facet_counts_equal_those_of_events_jsonl(served, chromium):
    url, output, _ = served
    events = events_of(output).values()
    visit(chromium, f"{url}/events?_facet_size=max")
    assert _facet(chromium, "kinds") == Counter(k for e in events for k in set(e["kinds"]))
    assert _facet(chromium, "provinces") == Counter(p for e in events for p in set(e["provinces"]))
    assert _facet(chromium, "provinces_2025") == Counter(
        p for e in events for p in set(e["provinces_2025"]))
    assert _facet(chromium, "unit_level") == Counter(e["unit_level"] for e in events
                                                     if e["unit_level"])
    assert _facet(chromium, "month") == Counter(e["date"][:7] for e in events)
    # Facet values followed, as a reader clicks them: the rows are those values' events, and
    # the other facets count within them.
    for column, value in (("kinds", "model_trial"), ("provinces_2025", "Lâm Đồng")):
        facet = chromium.find_element("css selector", f'div.facet-info[data-column="{column}"]')
        link = next(a for a in facet.find_elements("css selector", "li a") if a.text == value)
        visit(chromium, link.get_attribute("href") + "&_size=max")
        events = [e for e in events if value in e[column]]
        assert set(column_of(chromium, "event_id")) == {e["event_id"] for e in events}, (
            chromium.current_url, chromium.title)
    assert events and _facet(chromium, "month") == Counter(e["date"][:7] for e in events)


def test_every_article_links_to_its_snapshot_which_replays_the_page(served, chromium):
    url, output, _ = served
    feed = last_per_key(read_jsonl(output / "local_news.jsonl"), "article_id")
    visit(chromium, f"{url}/articles?_size=max")
    links = chromium.find_elements("css selector", "td.col-snapshot_file a")
    assert len(links) == len(feed)
    href = links[0].get_attribute("href")
    article_id = int(chromium.find_elements("css selector", "td.col-article_id")[0].text)
    chromium.get(href)
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(chromium, 20, poll_frequency=0.05).until(lambda d: feed[article_id]["title"] in d.title)


def test_the_unit_query_finds_everything_one_unit_did(served, chromium):
    url, output, _ = served
    visit(chromium, f"{url}/unit_activity?unit={quote_plus('lam dong')}")
    assert set(column_of(chromium, "event_id")) == {
        i for i, e in events_of(output).items() if "lam dong" in plain(e["unit"]).lower()}


# --- the report -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(crawled, tmp_path_factory):
    output = tmp_path_factory.mktemp("report") / "output"
    shutil.copytree(crawled, output)
    page = output.parent / "report.html"
    assert main(["report", "-o", str(page), str(output)]) == 0
    return page, output


def open_report(chromium, page: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    chromium.get(page.as_uri())
    WebDriverWait(chromium, 20, poll_frequency=0.05).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && "
        "document.querySelector('footer.report-end') !== null"))


def _marks(chromium, chart: str, selector: str, *fields: str) -> list[tuple]:
    return [tuple(v) for v in chromium.execute_script(
        "const [chart, selector, fields] = arguments;"
        "return Array.from(document.querySelectorAll("
        "  `svg[data-chart='${chart}'] ${selector}`)).map("
        "  e => fields.map(f => e.dataset[f]));", chart, selector, list(fields))]


def test_the_report_renders_its_charts_offline(report, chromium):
    page, _ = report
    open_report(chromium, page)
    charts = chromium.execute_script(
        "return Array.from(document.querySelectorAll('svg[data-chart]')).map("
        "  s => [s.dataset.chart, s.getBBox().width > 0 && s.getBBox().height > 0,"
        "        s.querySelectorAll('rect').length])")
    names = {name for name, drawn, rects in charts if drawn and rects}
    assert {"activity-by-month", "events-per-province", "events-per-province-2025",
            "most-active-units", "silent-units", "runs"} <= names
    # Nothing was fetched to show it: no script, no stylesheet, no image, no font.
    assert chromium.execute_script(
        "return performance.getEntriesByType('resource').length") == 0
    assert chromium.execute_script("return document.scripts.length") == 0


def test_the_report_numbers_are_those_of_events_jsonl(report, chromium):
    page, output = report
    events = list(events_of(output).values())
    open_report(chromium, page)
    by_month_kind = Counter((e["date"][:7], k) for e in events for k in set(e["kinds"]))
    shown = _marks(chromium, "activity-by-month", "rect[data-series]", "column", "series", "count")
    assert Counter({(m, k): int(n) for m, k, n in shown}) == by_month_kind
    assert len(shown) == len(by_month_kind)
    for chart, field in (("events-per-province", "provinces"),
                         ("events-per-province-2025", "provinces_2025")):
        shown = _marks(chromium, chart, "g[data-province]", "province", "count")
        assert {p: int(n) for p, n in shown} == Counter(p for e in events for p in set(e[field]))
    # An event without a unit (a single story naming none) is no unit's.
    per_unit = Counter(e["unit"] for e in events if e["unit"])
    last = {u: max(e["date"] for e in events if e["unit"] == u) for u in per_unit}
    most_active = _marks(chromium, "most-active-units", "g[data-unit]", "unit", "count")
    assert [(u, int(n)) for u, n in most_active] == sorted(
        per_unit.items(), key=lambda x: (-x[1], x[0]))[:15]
    silent = _marks(chromium, "silent-units", "g[data-unit]", "unit", "lastDate")
    assert silent == [(u, last[u]) for u in sorted(last, key=lambda u: (last[u], u))[:15]]


def test_the_report_shows_the_runs_and_the_ledger_as_status_json_does(report, chromium, capsys):
    page, output = report
    runs = read_jsonl(output / "runs.jsonl")
    open_report(chromium, page)
    shown = chromium.execute_script(
        "return Array.from(document.querySelectorAll('[data-exit-status][data-runs]')).map("
        "  e => [+e.dataset.exitStatus, +e.dataset.runs])")
    assert dict(map(tuple, shown)) == Counter(r["exit_status"] for r in runs)
    capsys.readouterr()
    assert main(["status", "--json", str(output)]) == 0
    status = json.loads(capsys.readouterr().out)
    ledger = chromium.execute_script(
        "return Array.from(document.querySelectorAll('[data-chart=ledger] tr[data-state]')).map("
        "  e => [e.dataset.state, +e.dataset.count])")
    assert dict(map(tuple, ledger)) == {**status["counts"], "given_up": sum(
        1 for f in status["failed"] if f["given_up"])}
