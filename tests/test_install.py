"""A plain install works anywhere: the wheel, installed into a virtual environment of its own,
runs the demo from an empty folder (the offline portal's pages are package data, the crawl uses the
installed settings), and `vkscrawl reparse` rebuilds the demo's own feed from its snapshots.

The wheel is built from a copy of the sources (a build writes ``build/`` and ``*.egg-info`` beside
them, not into the checkout) and installed afresh every run; the dependencies it declares are
installed once per set of requirements, outside the checkout, and reused by later runs
(``support.environments``): ``pip check`` proves they are what the wheel asks for."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.support.crawl import ROOT, fixture_counts
from tests.support.environments import cached_environment

pytestmark = [pytest.mark.install, pytest.mark.slow]

#: What building the wheel needs from the checkout.
SOURCES = ("pyproject.toml", "setup.py", "README.md", "vkscrawl")


def run(command: list, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def requirements(wheel: Path) -> list[str]:
    """The wheel's own dependencies (Requires-Dist without an extra), as it declares them."""
    with zipfile.ZipFile(wheel) as archive:
        [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(name))
    return sorted(r for r in metadata.get_all("Requires-Dist") or () if "extra ==" not in r)


def test_wheel_in_a_venv_of_its_own_runs_the_demo_and_reparse_from_an_empty_folder(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels, source],
                cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    [wheel] = wheels.glob("vkscrawl-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith(("tests/", "bench/", "scripts/"))]
    assert any(n.startswith("vkscrawl/offline/fixtures/articles/") for n in names)
    needs = requirements(wheel)
    assert any(r.startswith("scrapy") for r in needs), needs

    with cached_environment("install", needs) as venv:
        installed = run([venv / "bin" / "pip", "install", "--quiet", "--no-deps",
                         "--force-reinstall", wheel], cwd=tmp_path)
        assert installed.returncode == 0, installed.stderr[-3000:]
        check = run([venv / "bin" / "pip", "check"], cwd=tmp_path)
        assert check.returncode == 0, check.stdout + check.stderr
        _demo_and_reparse(venv, tmp_path)


def _demo_and_reparse(venv: Path, tmp_path: Path) -> None:
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
