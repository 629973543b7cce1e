"""A plain install works anywhere: the wheel, installed into a fresh virtual environment, runs the
demo from an empty folder (the offline portal's pages are package data, the crawl uses the
installed settings), and `vkscrawl reparse` rebuilds the demo's own feed from its snapshots."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.support.crawl import ROOT, fixture_counts


def run(command: list, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def test_wheel_in_a_fresh_venv_runs_the_demo_and_reparse_from_an_empty_folder(tmp_path):
    wheels = tmp_path / "wheels"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                 "-w", wheels, ROOT], cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = wheels.glob("vkscrawl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith(("tests/", "bench/", "scripts/"))]
    assert any(n.startswith("vkscrawl/offline/fixtures/articles/") for n in names)

    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", venv], cwd=tmp_path).returncode == 0
    installed = run([venv / "bin" / "pip", "install", "--quiet", wheel], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]

    empty = tmp_path / "empty"
    empty.mkdir()
    demo = run([venv / "bin" / "vkscrawl", "demo"], cwd=empty)
    assert demo.returncode == 0, demo.stderr[-3000:]
    feed = empty / "output" / "local_news.jsonl"
    items = fixture_counts().items
    assert feed.read_bytes().count(b"\n") == items
    assert "Feed: " in demo.stdout and f"({items} items in all)" in demo.stdout

    snapshots = sorted((empty / "output" / "snapshots").glob("*.warc.gz"))
    rebuilt = run([venv / "bin" / "vkscrawl", "reparse", "--quiet", "-o", "rebuilt.jsonl",
                   *snapshots], cwd=empty)
    assert rebuilt.returncode == 0, rebuilt.stderr[-3000:]
    assert (empty / "rebuilt.jsonl").read_bytes() == feed.read_bytes()
    # The installed package, not this checkout, did the work.
    where = run([venv / "bin" / "python", "-c", "import vkscrawl; print(vkscrawl.__file__)"],
                cwd=empty)
    assert str(venv) in where.stdout
