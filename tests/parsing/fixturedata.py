"""The article fixtures (fixtures/articles/*/): loading, the origin placeholder, parsing once."""

from __future__ import annotations

import functools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "fixtures" / "articles"
ORIGIN = "http://127.0.0.1:8000"
PLACEHOLDER = "{origin}"
DEFAULT_CONTENT_TYPE = "text/html; charset=utf-8"


def fixture_dirs() -> list[Path]:
    """Every fixture folder that has both page.html and expected.json, sorted. None at all is a
    broken checkout, never a reason to skip: raises, so every test that reads them fails."""
    dirs = sorted(
        d for d in ARTICLES.iterdir() if d.is_dir() and (d / "page.html").is_file() and (d / "expected.json").is_file()
    ) if ARTICLES.is_dir() else []
    if not dirs:
        raise FileNotFoundError(f"no article fixture (page.html + expected.json) under {ARTICLES}: "
                                f"fixtures/ links to vkscrawl/offline/fixtures, part of the checkout")
    return dirs


def fill_origin(value, origin: str = ORIGIN):
    """``{origin}`` replaced by the real origin, everywhere in a JSON value."""
    if isinstance(value, str):
        return value.replace(PLACEHOLDER, origin)
    if isinstance(value, list):
        return [fill_origin(v, origin) for v in value]
    if isinstance(value, dict):
        return {k: fill_origin(v, origin) for k, v in value.items()}
    return value


def put_origin(value, origin: str = ORIGIN):
    """The real origin replaced by ``{origin}`` (the inverse of :func:`fill_origin`)."""
    if isinstance(value, str):
        return value.replace(origin, PLACEHOLDER)
    if isinstance(value, list):
        return [put_origin(v, origin) for v in value]
    if isinstance(value, dict):
        return {k: put_origin(v, origin) for k, v in value.items()}
    return value


def meta(d: Path) -> dict:
    return json.loads((d / "fixture.json").read_text(encoding="utf-8"))


def fetched_url(d: Path, origin: str = ORIGIN) -> str:
    return origin + meta(d)["path"]


def expected(d: Path) -> dict:
    return json.loads((d / "expected.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=None)
def parsed(d: Path):
    from vkscrawl.parsing import parse_article

    m = meta(d)
    body = (d / "page.html").read_bytes()
    return parse_article(body, ORIGIN + m["path"], m.get("content_type") or DEFAULT_CONTENT_TYPE)
