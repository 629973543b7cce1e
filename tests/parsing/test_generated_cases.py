"""Named regression cases from the soak of generated pages (``bench/soak_pages.py``): one folder
per distinct way the parser failed, under ``generated_cases/<name>/``: ``page.html`` (the page,
shrunk by hand after Hypothesis to the smallest one still failing that way) and ``expected.json``
(the fields the invariant checks: url, title, published, summary, body, captions, author).

Each case runs through the parser with the portal's selectors off, and on (none of these pages
is in the portal's layout: the portal's page class must read them as the generic one does), and
must satisfy the same
invariant as a generated page (``tests/support/pages/invariant.py``): every field equal to the
expected one, and never empty where trafilatura finds text or htmldate a date.  A case today's
parser fails is a strict xfail naming the failure (``KNOWN_FAILING``); fixing the parser turns it
into an unexpected pass, and the entry goes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.pages import check, never_empty
from vkscrawl.parsing import parse_article

CASES = Path(__file__).resolve().parent / "generated_cases"

#: case name -> what today's parser does wrong on it.
KNOWN_FAILING: dict[str, str] = {}


def case_names() -> list[str]:
    return sorted(d.name for d in CASES.iterdir() if d.is_dir())


def load(name: str) -> tuple[bytes, dict]:
    folder = CASES / name
    return (folder / "page.html").read_bytes(), json.loads((folder / "expected.json").read_text("utf-8"))


def _param(name: str):
    if name in KNOWN_FAILING:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[name]))
    return name


@pytest.mark.parametrize("portal", [False, True], ids=["portal-off", "portal-on"])
@pytest.mark.parametrize("name", [_param(n) for n in case_names()])
def test_generated_case(name, portal):
    html, expected = load(name)
    item = parse_article(html, expected["url"], portal=portal).item
    wrong = check(expected, item) + never_empty(html.decode("utf-8"), expected["url"], item)
    assert not wrong, "\n".join(m.describe() for m in wrong)


def test_cases_are_well_formed():
    names = case_names()
    assert names, "no generated cases"
    assert set(KNOWN_FAILING) <= set(names), set(KNOWN_FAILING) - set(names)
    for name in names:
        html, expected = load(name)
        assert set(expected) == {"url", "title", "published", "summary", "body", "captions", "author"}, name
        assert expected["title"] and expected["body"], name
        assert len(html) < 12_000, f"{name}: shrink the page ({len(html)} bytes)"
