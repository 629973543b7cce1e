"""Named regression cases from the soak of generated pages (``bench/soak_pages.py``): one folder
per distinct way the parser failed, under ``generated_cases/<name>/``: ``page.html`` (the page,
shrunk by hand after Hypothesis to the smallest one still failing that way) and ``expected.json``
(the fields the invariant checks: url, title, published, summary, body, captions, author).

Each case runs through the parser with the portal's selectors off and must satisfy the same
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
KNOWN_FAILING: dict[str, str] = {
    "banner-link-images-in-layout-table":
        "a left cell of the layout table (banner-link images, a poll) is taken into the content: its images become the article's images and the poll's lines body",
    "bold-paragraph-title-below-date":
        "a title set as a large bold paragraph under its date line is not found; the banner's bold site name is taken",
    "bold-paragraph-title-date-in-footer":
        "a title set as a large bold paragraph, the date after the body: the bold lead below it is taken as the title and the summary is lost",
    "caption-above-image-in-div":
        "a caption printed above its image in the image's own div is not a caption: it becomes a body paragraph, the image has none",
    "caption-row-above-image-in-table":
        "a caption in the image table's row above the image is not found",
    "captions-above-images-shift-to-wrong-image":
        "captions printed above their images are given to the image before (the second caption to the first image), the first caption goes to the body",
    "date-line-closing-article-read-as-author":
        "a right-aligned date line closing the article (the date itself read from meta) is read as the author line; the real author line becomes body",
    "date-line-closing-article-read-as-caption":
        "a small italic date line right after an uncaptioned image is taken as its caption",
    "digest-short-section-dropped":
        "the last, short section of a digest (div paragraphs, units in a bold span) is silently dropped from the body",
    "document-issue-date-as-published":
        "a 'Văn bản mới' box's 'Ngày ban hành: dd/mm/yyyy' is taken as the publication date when the article's date line is above the title",
    "featured-teaser-after-article-takes-body-and-image":
        "a featured-teaser box after the article pulls the content choice to the generic extractor: the teaser's headline joins the body and the figure is lost",
    "font-title-below-date-site-suffix-kept":
        "a <font size=4><b> title under its date line is not found; the <title> is used with the site name left on",
    "font-title-digest-date-in-footer":
        "a <font size=4><b> title with the date after the body: a digest section's bold unit ('VKSND thành phố X:') is taken as the title",
    "font-title-under-banner":
        "a <font size=4><b> title under a banner whose site name is an h1: the site name is taken as the title",
    "form-around-digest-bold-units":
        "one ASP.NET <form> around the page, digest paragraphs opening with a bold unit: the form is taken as chrome (its text is not directly in p/div), so no body and no date, the title keeps the site suffix, though trafilatura and htmldate find both",
    "form-around-font-paragraphs":
        "one ASP.NET <form> around the page, paragraphs in <p><font>: the form is taken as chrome, so no body and no date, the title keeps the site suffix, though trafilatura and htmldate find both",
    "form-around-page-site-name-title":
        "the same form-as-chrome failure with <title> the site's name: the site name becomes the title",
    "labelled-author-keeps-its-label":
        "an author line 'Tác giả: X' closing the content gives the author 'Tác giả: X' instead of X",
    "lead-in-h2-under-h1":
        "a lead printed as an h2 (class 'desc') under the h1 title is not found as the summary",
    "lead-in-table-cell":
        "a lead in a bold table cell under the title is not found as the summary",
    "lead-in-unnamed-bold-div":
        "a lead in a bold div without a class under the title is not found as the summary",
    "lead-table-cell-then-right-div-author":
        "a lead in a table cell goes into the body, and the right-aligned div author line closing the digest is then lost",
    "poll-leaks-into-body":
        "a poll box before the article on a page without layout wrappers joins the body ('Bạn thấy ...?', 'Đẹp Bình thường')",
    "time-datetime-time-ignored":
        "the time a <time datetime> states is dropped: the visible date line (day only) wins",
    "title-opening-with-site-name":
        "a title that opens with the site's name ('Viện kiểm sát nhân dân tỉnh X sơ kết ...') is cut to the site name",
    "unmarked-footer-after-div-paragraphs":
        "an unnamed footer box after an article of div paragraphs is taken as the content: the body becomes the footer's address, the author its telephone line, the article is lost",
    "view-counter-read-as-author":
        "the view counter after the body ('Lượt xem: 1.234') is read as the author line",
}


def case_names() -> list[str]:
    return sorted(d.name for d in CASES.iterdir() if d.is_dir())


def load(name: str) -> tuple[bytes, dict]:
    folder = CASES / name
    return (folder / "page.html").read_bytes(), json.loads((folder / "expected.json").read_text("utf-8"))


def _param(name: str):
    if name in KNOWN_FAILING:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[name]))
    return name


@pytest.mark.parametrize("name", [_param(n) for n in case_names()])
def test_generated_case(name):
    html, expected = load(name)
    item = parse_article(html, expected["url"], portal=False).item
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
