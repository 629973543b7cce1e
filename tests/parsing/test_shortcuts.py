"""Work the parser skips without changing a verdict (BENCHMARKS.md section 6, branch portal5):
each shortcut gives what the full computation gives, on the inputs where the two could part.

The full computations are written out here as they stood before the shortcuts (a line
casefolded whatever its length; a page searched for its closing tags from the start), so a
shortcut that drifts from them fails here.
"""

from __future__ import annotations

import re
import sys

import pytest

from vkscrawl.parsing import ArticlePage2023, page_complete
from vkscrawl.parsing.article import ArticlePage
from vkscrawl.parsing.blocks import Block
from vkscrawl.parsing.html import PAGE_END_WINDOW
from vkscrawl.parsing.site import CHROME_PATTERN_LINE_MAX, GENERIC
from vkscrawl.parsing.text import (CHROME_KEY_MAX, CHROME_LINES, COPYRIGHT_LINE_MAX,
                                   is_chrome_key, is_chrome_line)

PORTAL = ArticlePage2023.SITE


def test_casefolding_never_shortens_a_character():
    """What the chrome-line and repeated-block shortcuts rest on."""
    assert all(len(chr(c).casefold()) >= 1 for c in range(sys.maxunicode + 1))


def full_site_verdict(site, line: str) -> bool:
    key = line.strip().casefold()
    if not key:
        return False
    if is_chrome_key(key):
        return True
    if key in site.chrome_lines:
        return True
    return bool(site.chrome_line_pattern is not None and len(key) <= CHROME_PATTERN_LINE_MAX
                and site.chrome_line_pattern.match(key))


def lines_around_the_limits() -> list[str]:
    lines = ["", "   ", "Tin liên quan", "  TIN LIÊN QUAN  ", "Cỡ chữ: A- A+ Tương phản",
             "left center right del", "CỔNG THÔNG TIN ĐIỆN TỬ", "Bản quyền thuộc VKSND tối cao"]
    for n in range(CHROME_PATTERN_LINE_MAX - 2, CHROME_PATTERN_LINE_MAX + 3):
        lines.append("cỡ chữ " + "a" * (n - 7))
    for n in range(COPYRIGHT_LINE_MAX - 2, CHROME_KEY_MAX + 3):
        lines.append(("© " + "x" * n)[:n])
        # ß casefolds to "ss": a line one character short of a limit is one over it casefolded
        lines.append(("© " + "ß" * n)[:n])
        lines.append(" " + ("Copyright 2024 " + "ẞ" * n)[:n] + "  ")
    for chrome in sorted(CHROME_LINES | PORTAL.chrome_lines):
        lines += [chrome, chrome.upper(), f"  {chrome}\t", chrome + "x" * 300]
    lines.append("Viện kiểm sát nhân dân tỉnh Cao Bằng tổ chức hội nghị " * 10)
    return lines


@pytest.mark.parametrize("site", [PORTAL, GENERIC], ids=["portal", "generic"])
def test_a_line_longer_than_any_chrome_key_is_not_casefolded_and_the_verdict_is_unchanged(site):
    for line in lines_around_the_limits():
        assert site.is_chrome_line(line) == full_site_verdict(site, line), line


def test_the_generic_chrome_line_is_the_full_verdict_too():
    for line in lines_around_the_limits():
        assert is_chrome_line(line) == is_chrome_key(line.strip().casefold()), line


def test_a_copyright_line_is_at_most_copyright_line_max_characters():
    line = ("Bản quyền © Viện kiểm sát nhân dân tối cao " + "x" * COPYRIGHT_LINE_MAX)
    assert is_chrome_line(line[:COPYRIGHT_LINE_MAX])
    assert PORTAL.is_chrome_line(line[:COPYRIGHT_LINE_MAX])
    assert not is_chrome_line(line[:COPYRIGHT_LINE_MAX + 1])
    assert not PORTAL.is_chrome_line(line[:COPYRIGHT_LINE_MAX + 1])


def test_a_font_tool_line_is_matched_up_to_chrome_pattern_line_max_characters():
    line = "cỡ chữ: " + "a" * CHROME_PATTERN_LINE_MAX
    assert PORTAL.is_chrome_line(line[:CHROME_PATTERN_LINE_MAX])
    assert not PORTAL.is_chrome_line(line[:CHROME_PATTERN_LINE_MAX + 1])


def test_chrome_key_max_is_the_longest_furniture_line():
    assert CHROME_KEY_MAX == max(COPYRIGHT_LINE_MAX, *map(len, CHROME_LINES))
    assert PORTAL._chrome_key_max >= max(map(len, PORTAL.chrome_lines))


# -- blocks repeating the title or the lead ------------------------------------------------------


def test_a_block_repeating_the_title_or_the_lead_in_another_case_is_dropped_a_longer_one_kept():
    title, summary = "Hội nghị STRASSE", "Tóm tắt bài Straße"
    blocks = [Block("p", "hội nghị straße"),       # casefolds to the title, one character shorter
              Block("p", "TÓM TẮT BÀI STRASSE"),   # the lead, one character longer than it is
              Block("p", "Hội nghị STRASSE và hơn thế"),
              Block("p", "Nội dung")]
    kept = ArticlePage.drop_repeats(blocks, title, summary, None)
    assert [b.text for b in kept] == ["Hội nghị STRASSE và hơn thế", "Nội dung"]


# -- a page's closing tags ---------------------------------------------------------------------


def full_page_complete(body: bytes) -> bool:
    return re.search(rb"</(?:html|body)\s*>", body, re.IGNORECASE) is not None


def test_page_complete_gives_the_verdict_of_a_search_of_the_whole_page():
    page = b"<html><body><p>" + "Nội dung ".encode() * 400 + b"</p>"
    ends = [b"</body></html>", b"</BODY >", b"</html\n>", b"", b"</bod", b"</p>"]
    bodies = [b"", b"</html>", b"<html>"]
    for end in ends:
        for trailer in (0, 10, PAGE_END_WINDOW - 8, PAGE_END_WINDOW - 3, PAGE_END_WINDOW,
                        PAGE_END_WINDOW + 5, 3 * PAGE_END_WINDOW):
            bodies.append(page + end + b" " * trailer)  # the tag anywhere around the window's edge
            bodies.append(page + end + b"<!-- -->" * (trailer // 8))
    # both verdicts, and closing tags before the window as well as inside it
    assert {full_page_complete(b) for b in bodies} == {True, False}
    assert any(full_page_complete(b) and not full_page_complete(b[-PAGE_END_WINDOW:]) for b in bodies)
    for body in bodies:
        assert page_complete(body) == full_page_complete(body), body[-40:]


def test_a_page_whose_closing_tags_lie_before_its_last_bytes_is_still_complete():
    body = b"<html><body><p>x</p></body></html>" + b"\n<!-- trailing comment -->" * 200
    assert len(body) > 2 * PAGE_END_WINDOW
    assert page_complete(body)
    assert not page_complete(body.replace(b"</body></html>", b""))
