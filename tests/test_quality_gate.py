"""The extraction-quality floor (BENCHMARKS.md, "Extraction quality"), pinned for CI.

Over every fixture article: token-level F1 of the article text (summary, paragraphs, captions,
author) against the expected item, mean at least 0.99 and at least 0.98 on every page, and no
chrome or toolbar string in any text field. The metric is ``tests/support/quality.py`` (the
benchmark script bench/quality.py uses the same functions to compare with trafilatura).
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.support import quality

MEAN_F1_FLOOR = 0.99
PAGE_F1_FLOOR = 0.98


@pytest.fixture(scope="module")
def pages():
    found = quality.fixture_pages()
    assert len(found) >= 15, "every fixture article with a page should be measured"
    return found


@pytest.fixture(scope="module")
def results(pages):
    return quality.evaluate_vkscrawl(pages)


def test_mean_f1_floor(results):
    summary = quality.summarise(results)
    assert summary["mean_f1"] >= MEAN_F1_FLOOR, summary


def test_every_page_f1_floor(results):
    low = {r.fixture: round(r.f1, 4) for r in results if r.f1 < PAGE_F1_FLOOR}
    assert not low, f"pages below F1 {PAGE_F1_FLOOR}: {low}"


def test_no_chrome_or_toolbar_leaks(results):
    leaked = {r.fixture: r.leaks for r in results if r.leaks}
    assert not leaked, f"chrome or toolbar words in the items: {leaked}"


# --- the metric itself: it must be able to fail ---------------------------------------------


def test_reference_is_summary_paragraphs_captions_author(pages):
    """The reference (expected text without title and date) holds exactly the tokens of the
    summary, body, captions and author: the definition BENCHMARKS.md states."""
    for page in pages:
        expected = page["expected"]
        parts = [expected.get("summary"), expected.get("body"), expected.get("author")]
        parts += [image.get("caption") for image in expected.get("images") or []]
        from_fields = Counter(t for part in parts if part for t in quality.tokens(part))
        assert Counter(quality.tokens(quality.reference_text(expected))) == from_fields, \
            page["fixture"]


def test_f1_drops_when_a_paragraph_is_lost_or_chrome_is_added(pages):
    expected = pages[0]["expected"]
    reference = quality.reference_text(expected)
    paragraphs = reference.split("\n\n")
    assert quality.token_f1(reference, reference) == 1.0
    shorter = "\n\n".join(paragraphs[:-2])
    assert quality.token_f1(shorter, reference) < 1.0
    noisy = reference + "\n\nCỔNG THÔNG TIN ĐIỆN TỬ\n\nTin liên quan"
    assert quality.token_f1(noisy, reference) < 1.0


def test_leak_detector_finds_planted_chrome_and_toolbar(pages):
    reference = quality.reference_text(pages[1]["expected"])
    assert quality.leaks(reference, reference) == []
    planted = ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\n" + reference
               + "\nleftcenterrightdel Ảnh minh họa\nleft center right del\nCỡ chữ: Tương phản"
               + "\nTìm kiếm\nTin liên quan\nLiên kết website")
    found = quality.leaks(planted, reference)
    for name in ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "leftcenterrightdel", "left center right del",
                 "Cỡ chữ", "Tương phản", "Tìm kiếm", "Tin liên quan", "Liên kết website"):
        assert name in found, (name, found)


def test_a_word_the_article_itself_uses_is_no_leak():
    reference = "Đoàn công tác đã tìm kiếm giải pháp. Tin liên quan đến vụ án được công bố."
    assert quality.leaks(reference, reference) == []
