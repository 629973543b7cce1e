"""report and explore outside the browser: what they refuse, and a report before any event."""

from __future__ import annotations

import socket

from tests.support.crawl import fixture_counts
from vkscrawl.cli import main


def test_a_report_before_the_crawl_writes_events_shows_the_crawl_and_no_activity(output,
                                                                                   capsys):
    (output / "events.jsonl").unlink()
    page = output.parent / "report.html"
    assert main(["report", "-o", str(page), str(output)]) == 0
    html = page.read_text("utf-8")
    assert f'data-articles="{fixture_counts().items}" data-events="0"' in html
    assert 'data-chart="activity-by-month"' in html and 'data-series=' not in html
    assert 'data-exit-status="0" data-runs="1"' in html
    assert "Report: " in capsys.readouterr().out


def test_a_report_into_a_missing_folder_is_refused_before_anything_is_written(output, capsys):
    assert main(["report", "-o", str(output / "no" / "report.html"), str(output)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert not (output / "explore.db").exists()


def test_a_report_of_a_folder_without_a_feed_is_refused(tmp_path, capsys):
    assert main(["report", "-o", str(tmp_path / "r.html"), str(tmp_path)]) == 2
    assert "no local_news.jsonl" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_explore_on_a_port_in_use_says_so_in_one_line(output, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["explore", str(output), "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"--port {port}" in err[0]


def test_explore_refuses_a_foreign_explore_db(output, capsys):
    (output / "explore.db").write_bytes(b"not a database\n")
    assert main(["explore", str(output), "--port", "0"]) == 2
    assert "is not an SQLite database" in capsys.readouterr().err
    assert (output / "explore.db").read_bytes() == b"not a database\n"
