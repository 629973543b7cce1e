"""Pages nobody here wrote: article pages composed at random from parts
(``tests/support/pages``: wrappers, chrome in any order, title/date/summary/image/author styles,
stories and digests), read with the portal's selectors off.

The invariant, per field (``tests/support/pages/invariant.py``): the item's title, date (the day;
the time when the page gives one), summary, body paragraphs, captions and author equal the source
article's; and never empty where a peer finds something: when trafilatura extracts text from the
page the item has a body, when htmldate finds a date the item has a date.

Examples: ``EXAMPLES`` pages from the fixed seed ``SEED``, the same on every machine and every
run, whatever else is loaded (``same_pages_everywhere``); no example database (``database=None``):
nothing a past run found changes what this run draws, and a failure worth keeping becomes a named
case in ``generated_cases/`` (``test_generated_cases.py``), where it can be read and reviewed.

Two kinds of test per field: ``test_no_failure_outside_the_known_classes`` guards every field
against any new way of failing (and shrinks the page when one appears); each failure class
(``field/kind``) today's parser shows on these pages is in ``KNOWN_FAILING`` and is a strict xfail
of ``test_known_failure_class``: fixing the parser turns it into an unexpected pass, and the entry
goes; meanwhile it may not spread to more pages (``test_known_failure_class_does_not_spread``).  ``bench/soak_pages.py`` runs thousands of pages and minimises each class.
"""

from __future__ import annotations

from collections import Counter

import lxml.html
import pytest
from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.support.pages import FIELDS, NEVER_EMPTY, check, generated_pages, never_empty, same_pages_everywhere
from tests.support.pages.chrome import KINDS
from tests.support.pages.page import PART_CHOICES
from vkscrawl.parsing import parse_article

#: A seed whose bounded run reaches every choice of every part (``test_every_part_is_drawn``; a
#: change to the generator that loses one needs another seed, and ``KNOWN_FAILING`` again).
SEED = 20251205
EXAMPLES = 400
#: Failure classes (``field/kind``) today's parser shows on these pages -> (how many of the pages
#: fail that way, what fails).  Each is a strict xfail below, and may not spread to more pages;
#: the entry goes when the parser is fixed (lower the count as it improves).  ``generated_cases/``
#: holds a minimal page for each cause the soak found (BENCHMARKS.md, "Generated pages").
KNOWN_FAILING: dict[str, tuple[int, str]] = {}

SETTINGS = settings(max_examples=EXAMPLES, database=None, deadline=None, print_blob=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_items: dict[tuple[str, str], dict] = {}


def item_of(page) -> dict:
    """The parsed item of a page (each page parsed once for all the tests)."""
    key = (page.url, page.html)
    if key not in _items:
        _items[key] = parse_article(page.body, page.url, portal=False).item
    return _items[key]


def mismatches(page, fields) -> list:
    item = item_of(page)
    return (check(page.expected, item, [f for f in fields if f in FIELDS])
            + never_empty(page.html, page.url, item, [f for f in fields if f in NEVER_EMPTY]))


@pytest.mark.parametrize("field", FIELDS + NEVER_EMPTY)
def test_no_failure_outside_the_known_classes(field):
    """Every field of every page holds, but for the known failure classes (a new way of failing
    is caught, and shrunk to its smallest page)."""

    @seed(SEED)
    @settings(SETTINGS)
    @given(page=generated_pages())
    def holds(page):
        wrong = [m for m in mismatches(page, [field]) if m.cls not in KNOWN_FAILING]
        assert not wrong, "\n".join([m.describe() for m in wrong] + [f"page:\n{page.html}"])

    with same_pages_everywhere():
        holds()


def pages_failing(cls: str, pages) -> list:
    return [p for p in pages if cls in {m.cls for m in mismatches(p, [cls.split("/")[0]])}]


# The two tests below exist while a failure class is known (collected only then: an empty list
# would show as two skips in every run).
if KNOWN_FAILING:
    @pytest.mark.parametrize("cls", [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=r))
                                     for c, (_n, r) in KNOWN_FAILING.items()])
    def test_known_failure_class(cls, pages):
        failing = pages_failing(cls, pages)
        assert not failing, f"{cls} on {len(failing)} of {len(pages)} pages"

    @pytest.mark.parametrize("cls", KNOWN_FAILING)
    def test_known_failure_class_does_not_spread(cls, pages):
        """A known way of failing may not reach more pages than it did (a regression inside a known
        class is caught too)."""
        failing = pages_failing(cls, pages)
        assert len(failing) <= KNOWN_FAILING[cls][0], (
            f"{cls} on {len(failing)} pages, {KNOWN_FAILING[cls][0]} known; first: {failing[0].parts}")


# -- the generator itself ------------------------------------------------------------------------


def drawn_pages() -> list:
    """The pages the field tests read (same seed, same settings)."""
    out = []

    @seed(SEED)
    @settings(SETTINGS, phases=(Phase.generate,))
    @given(page=generated_pages())
    def collect(page):
        out.append(page)

    with same_pages_everywhere():
        collect()
    return out


@pytest.fixture(scope="module")
def pages():
    return drawn_pages()


def visible_lines(html: str) -> str:
    root = lxml.html.fromstring(html)
    for bad in root.xpath("//script | //style | //head"):
        bad.drop_tree()
    return " ".join(root.text_content().split())


def test_every_part_is_drawn(pages):
    """The bounded run reaches every choice of every part and every chrome kind: a part added
    to the generator but never drawn in CI would prove nothing."""
    seen = Counter()
    for p in pages:
        for name, value in p.parts.items():
            if name == "chrome":
                seen.update(f"chrome={c.split('@')[0]}" for c in value)
            elif name == "images":
                seen.update(f"images={v}" for v in value or ())
            else:
                seen[f"{name}={value}"] += 1
    wanted = {f"{n}={v}" for n, choices in PART_CHOICES.items() for v in choices}
    wanted |= {f"chrome={k}" for k in KINDS} | {"kind=story", "kind=digest", "has_time=True", "has_time=False"}
    missing = sorted(w for w in wanted if not seen[w])
    assert not missing, missing


def test_every_expected_field_is_on_the_page(pages):
    """What the invariant expects is printed on the page (the generator's own bug otherwise):
    the title, every paragraph, the summary, every caption and the author."""
    for p in pages:
        text = visible_lines(p.html)
        e = p.expected
        shown = [e["title"], *e["body"], *(c for c in e["captions"] if c)]
        shown += [x for x in (e["summary"], e["author"]) if x]
        missing = [s[:80] for s in shown if " ".join(s.split()) not in text]
        assert not missing, (missing, p.parts)


def test_pages_carry_no_portal_markup_and_differ(pages):
    for p in pages:
        for name in ("title-detail", "date-detail", "content-detail", 'class="sapo"', "list-news"):
            assert name not in p.html, name
    assert len({p.html for p in pages}) >= 0.75 * len(pages)  # a few draws differ only in parts a page does not show


def test_the_same_seed_draws_the_same_pages(pages):
    again = drawn_pages()
    assert [p.html for p in again] == [p.html for p in pages]
