"""scripts/regen_expected.py: --check reports differences without writing; a run rewrites."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .fixturedata import fixture_dirs

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "regen_expected.py"
DIRS = fixture_dirs()


def run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, cwd=ROOT)


def test_check_on_the_real_fixtures_matches_the_parser():
    r = run("--check")
    assert r.returncode == 0, r.stdout + r.stderr


def test_check_then_rewrite(tmp_path):
    src = DIRS[0]
    dst = tmp_path / src.name
    shutil.copytree(src, dst)
    exp = json.loads((dst / "expected.json").read_text(encoding="utf-8"))
    exp["title"] = "Sai tiêu đề"
    (dst / "expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    before = (dst / "expected.json").read_text(encoding="utf-8")

    r = run("--check", "--fixtures", str(tmp_path))
    assert r.returncode == 1
    assert '-  "title": "Sai tiêu đề"' in r.stdout and "+  \"title\":" in r.stdout
    assert (dst / "expected.json").read_text(encoding="utf-8") == before  # nothing written

    r = run("--fixtures", str(tmp_path))
    assert r.returncode == 0
    rewritten = json.loads((dst / "expected.json").read_text(encoding="utf-8"))
    assert rewritten == json.loads((src / "expected.json").read_text(encoding="utf-8"))
    assert "{origin}" in (dst / "expected.json").read_text(encoding="utf-8") or "127.0.0.1" not in (dst / "expected.json").read_text(encoding="utf-8")
    assert run("--check", "--fixtures", str(tmp_path)).returncode == 0
