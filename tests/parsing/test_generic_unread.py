"""The generic extractor asked for its opinion without the page's chrome: what it is not to read
is out of the tree while it runs, the tree is whole again afterwards, and a chrome box large
enough to be the article stays in its sight (``ArticlePage._chrome_beside``,
``generic.fallback.generic_body(unread=...)``).  Real pages through lxml and trafilatura."""

from __future__ import annotations

import pytest
from lxml import etree

from vkscrawl.parsing import parse_article
from vkscrawl.parsing.article import ArticlePage
from vkscrawl.parsing.blocks import Block
from vkscrawl.parsing.elements import element_text
from vkscrawl.parsing.generic.fallback import _taken_out, generic_body
from vkscrawl.parsing.html import parse_html

URL = "https://blog.example.org/2019/06/14/ear-candy/"
P1 = ("The summer is here, the short dresses come out again and the hair is worn up more often, "
      "which makes this the perfect time to show off a pair of earrings.")
P2 = ("Whoever has no pierced ears and still wants to wear some jewellery need not worry, because "
      "an ear cuff clips on and looks just as good as a ring through the lobe.")
P3 = ("We picked our favourite ear cuffs for you and put together a few looks, plain or golden, "
      "with a lot of glitter or with hardly any at all.")
EXTRA = ("The shop around the corner sells them too, and its owner told us that the golden ones "
         "are sold out almost every week since the spring began this year.")
FOOTER = "".join(f"<p>Footer prose number {i} about the company and its offices, long enough to count as text here.</p>"
                 for i in range(12))


def _page(inner: str) -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Ear Candy! | Blog</title></head>'
            f'<body><div class="site"><nav class="main-nav"><a href="/">Home</a><a href="/fashion/">Fashion</a></nav>'
            f'{inner}<footer class="bottom">{FOOTER}</footer></div></body></html>').encode()


def _text(el) -> str:
    return element_text(el, "\n") if el is not None else ""


def test_the_extractor_does_not_read_what_it_is_told_not_to():
    root = parse_html(_page(f"<h1>Ear Candy!</h1><div><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>"
                            f'<div id="more"><p>{EXTRA}</p></div>').decode())
    more = root.xpath("//div[@id='more']")[0]
    assert EXTRA in _text(generic_body(root, URL))
    assert EXTRA not in _text(generic_body(root, URL, unread=[more]))
    assert P2 in _text(generic_body(root, URL, unread=[more]))


def test_the_tree_is_whole_again_after_the_extractor_ran_and_after_it_raised():
    html = _page(f"<h1>Ear Candy!</h1><div><p>{P1}</p><div id='a'><p id='b'>{P2}</p>  </div>"
                 f"<p>{P3}</p><div id='c'>{EXTRA}</div></div>").decode()
    root = parse_html(html)
    before = etree.tostring(root)
    nested = [root.xpath("//*[@id='b']")[0], root.xpath("//*[@id='a']")[0], root.xpath("//*[@id='c']")[0],
              root.xpath("//nav")[0], root.xpath("//footer")[0]]
    generic_body(root, URL, unread=nested)
    assert etree.tostring(root) == before
    with pytest.raises(RuntimeError), _taken_out(nested):
        assert EXTRA not in element_text(root, "\n")
        raise RuntimeError("the extractor failed")
    assert etree.tostring(root) == before


def test_an_element_followed_by_its_parents_text_is_read():
    # lxml moves an element's tail with it: the sentence after the link is the paragraph's
    root = parse_html(_page(f"<h1>Ear Candy!</h1><div><p>{P1} <a href='/x/' class='more'>Read on</a> {P2}</p>"
                            f"<p>{P3}</p></div>").decode())
    link = root.xpath("//a[@class='more']")[0]
    text = _text(generic_body(root, URL, unread=[link]))
    assert P2 in text and "Read on" in text


def _page_with_sidebar(chars: int) -> ArticlePage:
    html = _page(f'<h1>Ear Candy!</h1><div><p>{P1}</p></div><div class="sidebar">{"x" * chars}</div>')
    return ArticlePage(parse_html(html.decode()), URL)


@pytest.mark.parametrize("chars, read", [(100, False), (299, False), (300, True), (1000, True)])
def test_a_chrome_box_three_times_our_candidate_stays_in_the_extractors_sight(chars, read):
    # CHROME_UNREAD_MAX_SHARE: a box holding three times our candidate's text may be the article
    ours = [Block("p", "y" * 100)]
    page = _page_with_sidebar(chars)
    sidebar = page.root.xpath("//div[@class='sidebar']")[0]
    assert page.chrome(sidebar)
    unread = page._chrome_beside(ours)
    assert (sidebar not in unread) is read
    assert page.root.xpath("//nav")[0] in unread  # the small chrome is out of its sight


def test_without_a_candidate_the_extractor_reads_the_whole_page():
    page = _page_with_sidebar(10)
    assert page._chrome_beside([]) == []
    assert page._chrome_beside([Block("image")]) == []


@pytest.mark.parametrize("short", ["<div>Ear Candy editors team</div>", "<h2>Our favourite ear cuffs</h2>",
                                   "<div><b>Ear cuffs are back this summer.</b></div>"])
def test_an_article_a_chrome_rule_swallowed_is_found_beside_a_short_candidate(short):
    # "binhluan" (comments) names chrome, and the box holds less than half the page's text (the
    # footer is long): our own candidate is the short line; the extractor, reading the box, finds
    # the article, which it could not if the box were out of its sight
    html = _page(f'<h1>Ear Candy!</h1>{short}<div class="binhluan-wrap"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>')
    parsed = parse_article(html, URL)
    assert parsed.layers["body"] == "generic"
    for p in (P1, P2, P3):
        assert p in parsed.item["body"]


def _page_with_marked_body(marked: int, unmarked: int) -> ArticlePage:
    html = _page(f'<div class="before"></div><div class="wrap"><div class="above"></div>'
                 f'<div class="entry-content"><p>{"a" * marked}</p></div><div class="other"><p>{"b" * unmarked}</p></div></div>')
    return ArticlePage(parse_html(html.decode()), URL)


@pytest.mark.parametrize("unmarked, alone", [(300, True), (301, False), (0, True)])
def test_a_marked_body_holding_half_the_text_outside_the_chrome_is_all_the_extractor_reads(unmarked, alone):
    # MARKED_ALONE_SHARE: 300 of 600 characters outside the chrome (the menu and the footer are
    # chrome) is half
    page = _page_with_marked_body(300, unmarked)
    body = page.root.xpath("//div[@class='entry-content']")[0]
    other = page.root.xpath("//div[@class='other']")[0]
    assert page.chrome.text_outside == 300 + unmarked
    ours = [Block("p", "a" * 300)]
    unread = page._unread(body, ours, True)
    assert (other in unread) is alone
    # the rest of the page is every element beside the body and beside each of its ancestors
    for name in ("above", "before"):
        assert (page.root.xpath(f"//div[@class='{name}']")[0] in unread) is alone
    assert body not in unread and page.root.xpath("//div[@class='wrap']")[0] not in unread
    assert other not in page._unread(body, ours, False)  # a candidate the page does not name
    assert page.root.xpath("//nav")[0] in page._unread(body, ours, False)


def test_the_text_outside_the_chrome_counts_a_box_inside_the_chrome_once():
    # the poll's box (a chrome root of its own: radio buttons) lies inside the sidebar's
    poll = '<div class="vote"><p>Your vote?</p><input type="radio"> Yes <input type="radio"> No</div>'
    words = " ".join(["word"] * 70)
    html = _page(f'<div class="sidebar"><p>{words}</p>{poll}</div><div><p>{"a" * 300}</p></div>')
    page = ArticlePage(parse_html(html.decode()), URL)
    box = page.root.xpath("//div[@class='vote']")[0]
    assert box in page.chrome.roots and page.root.xpath("//div[@class='sidebar']")[0] in page.chrome.roots
    assert page.chrome.text_outside == 300


def test_a_marked_body_that_is_a_newsletters_small_print_gives_way_to_the_article_beside_it():
    small_print = ("Your e-mail address is used only to send you the newsletter. You can unsubscribe at any "
                   "time with the link in every letter. Our privacy policy says more about how your data is "
                   "used and kept, and for how long.")
    html = _page(f'<h1>Ear Candy!</h1><div class="article"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{EXTRA}</p></div>'
                 f'<div class="entry-content"><p>{small_print}</p></div>')
    parsed = parse_article(html, URL)
    for p in (P1, P2, P3):
        assert p in parsed.item["body"]
