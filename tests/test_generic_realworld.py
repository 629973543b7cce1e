"""Rules of the generic layers learnt from real-world article pages (the independent corpus of
BENCHMARKS.md section 5): each page here is the smallest real HTML showing the markup those pages
use, read by the real parser on a foreign URL (portal selectors on, finding nothing), as
``vkscrawl parse --url URL FILE`` reads it."""

from __future__ import annotations

from vkscrawl.parsing import parse_article
from vkscrawl.parsing.generic.chrome import ChromeIndex
from vkscrawl.parsing.html import decode_body, parse_html

URL = "https://blog.example.org/2019/06/14/ear-candy/"

P1 = ("The summer is here, the short dresses come out again and the hair is worn up more often, "
      "which makes this the perfect time to show off a pair of earrings.")
P2 = ("Whoever has no pierced ears and still wants to wear some jewellery need not worry, because "
      "an ear cuff clips on and looks just as good as a ring through the lobe.")
P3 = ("We picked our favourite ear cuffs for you and put together a few looks, plain or golden, "
      "with a lot of glitter or with hardly any at all.")
BODY = (P1, P2, P3)


def _teasers(n: int, word: str = "Teaser") -> str:
    return "".join(
        f'<li><a href="/2019/0{i % 9 + 1}/0{i % 9 + 1}/other-{i}/">{word} headline number {i} of the sidebar</a>'
        f"<p>{word} {i}: an excerpt of another post that runs long enough to read like a sentence of prose, "
        f"and it goes on for a while before it stops.</p></li>"
        for i in range(n))


def page(content: str, *, around: str = "", head: str = "", title: str = "Ear Candy!") -> bytes:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} | Blog</title>{head}</head>'
            f'<body><div class="site"><nav class="main-nav"><a href="/">Home</a><a href="/fashion/">Fashion</a></nav>'
            f"{around.replace('{content}', content) if around else content}"
            f'<footer><p>Imprint</p><p>Privacy policy</p></footer></div></body></html>').encode()


def article(paragraphs=BODY, title: str = "Ear Candy!") -> str:
    return f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)


def parse(html: bytes, url: str = URL):
    return parse_article(html, url)


def _has_body(item, paragraphs=BODY) -> None:
    for p in paragraphs:
        assert p in item["body"], p[:40]
        assert p in item["text"], p[:40]


# -- chrome that must not swallow the article ------------------------------------------------------


def _sentences(n: int, word: str) -> str:
    return "".join(f"<p>{word} sentence number {i:02d} runs on for a while, long enough to read like a line of prose in a post.</p>"
                   for i in range(n))


def test_a_chrome_named_element_holding_most_of_the_pages_text_is_its_wrapper():
    # "social" names chrome, but the element holds 55 % of the page's text: it wraps the page,
    # and the date line inside it is the article's
    html = page('<div class="social-links-on"><h1>Ear Candy!</h1><p>12/03/2024</p>' + _sentences(11, "Post")
                + "</div><div>" + _sentences(9, "Aside") + "</div>")
    assert parse(html, "https://blog.example.org/ear-candy/").item["published"] == "2024-03-12"


def test_a_chrome_named_element_holding_less_than_half_the_text_stays_chrome():
    html = page('<div class="social-links-on"><p>12/03/2024</p>' + _sentences(9, "Aside")
                + "</div><div><h1>Ear Candy!</h1>" + _sentences(11, "Post") + "</div>")
    assert parse(html, "https://blog.example.org/ear-candy/").item["published"] is None


def test_a_post_inside_a_widget_is_body_when_the_page_marks_it():
    # Blogger prints every post inside <div class="widget Blog">, beside sidebar widgets that
    # together hold more text than the post
    sidebar = "".join(f'<div class="widget LinkList"><h2>Links {i}</h2><ul>{_teasers(3, f"Side{i}")}</ul></div>' for i in range(3))
    html = page("".join(f"<p>{p}</p>" for p in BODY), around=(
        '<div class="main"><div class="widget Blog" id="Blog1"><div class="post hentry">'
        '<h1 class="post-title">Ear Candy!</h1><div class="post-body entry-content">{content}</div>'
        f'</div></div></div><div class="sidebar-col">{sidebar}</div>'))
    item = parse(html).item
    _has_body(item)
    assert "Side0 0" not in item["text"]


def test_an_article_printed_inside_an_aside_is_body_when_microdata_marks_it():
    html = page("".join(f"<p>{p}</p>" for p in BODY), around=(
        '<main><aside class="direct-content"><section class="article"><h1>Ear Candy!</h1>'
        '<div itemprop="articleBody">{content}</div></section></aside>'
        f'<aside class="more"><ul>{_teasers(2)}</ul></aside></main>'))
    item = parse(html).item
    _has_body(item)
    assert "Teaser 0" not in item["text"]


def test_page_builder_widgets_are_not_chrome_but_a_sidebar_widget_is():
    # Elementor (WordPress) wraps every paragraph in "elementor-widget-container"
    cells = "".join(
        f'<section class="elementor-element"><div class="elementor-widget-wrap"><div class="elementor-widget elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{p}</p></div></div></div></section>' for p in BODY)
    html = page("<h1>Ear Candy!</h1>" + cells + f'<div class="widget widget_recent_entries"><ul>{_teasers(2)}</ul></div>')
    item = parse(html).item
    _has_body(item)
    assert "Teaser 1" not in item["text"]


def test_a_wrapper_named_for_its_sidebar_layout_holds_the_article():
    # "c-fixed-sidebar-layout": the row that lays the article out beside a sidebar; the page's
    # menus hold more text than the article, but no prose
    menu = '<ul class="mega">' + "".join(f'<li><a href="/c/{i}/">Category number {i} of the site</a></li>' for i in range(40)) + "</ul>"
    html = page("".join(f"<p>{p}</p>" for p in BODY), around=menu + (
        '<article class="c-article"><h1>Ear Candy!</h1><div class="o-row c-fixed-sidebar-layout--140--left">'
        '<div class="c-article__main"><div class="c-article__content">{content}</div></div>'
        '<div class="c-sidebar"><p>Share</p></div></div></article>'
        f'<div class="c-section"><h2>More</h2><ul>{_teasers(1)}</ul></div>'))
    item = parse(html).item
    _has_body(item)


def test_related_posts_stay_chrome_however_much_prose_they_hold():
    # a short post under a box of related posts whose excerpts hold more prose than the post
    menu = '<ul class="menu">' + "".join(f'<li><a href="/c/{i}/">Category number {i} of the shop</a></li>' for i in range(40)) + "</ul>"
    html = page(menu + "<h1>Ear Candy!</h1><div class=\"entry\"><p>" + P1 + "</p><p>Earcuff: Zoeca</p></div>"
                f'<div id="related_posts"><ul>{_teasers(6, "Related")}</ul></div>')
    item = parse(html).item
    assert P1 in item["body"]
    assert "Related 0" not in item["text"] and "excerpt of another post" not in item["text"]


def test_a_line_printed_outside_the_chrome_too_is_not_a_chrome_line():
    root = parse_html(decode_body(page(
        f'<div class="buybox"><p>{P1}</p><p>{P3}</p><p>{P3}</p></div><div class="tab-menu--product"><div class="tab--content"><p>{P1}</p>'
        f"<p>{P2}</p></div></div>")))
    chrome = ChromeIndex(root)
    assert P1 in chrome.lines() and P2 in chrome.lines()
    assert P1 not in chrome.lines_only_inside()
    assert P2 in chrome.lines_only_inside()


# -- metadata ---------------------------------------------------------------------------------------


def test_a_headline_escaped_twice_in_open_graph_is_read_as_printed():
    html = page(article(title="Android Ransomware Spreads Via ‘Sex Simulation Game’ Links"),
                head='<meta property="og:title" content="Android Ransomware Spreads Via &amp;#8216;Sex Simulation Game&amp;#8217; Links">',
                title="Android Ransomware")
    item = parse(html).item
    assert item["title"] == "Android Ransomware Spreads Via ‘Sex Simulation Game’ Links"
    assert "&#8216;" not in item["text"]


# -- what closes and opens a guessed content element ------------------------------------------------


def test_share_buttons_of_the_shariff_plugin_are_not_text():
    html = page(article() + '<div class="shariff"><ul class="shariff-buttons"><li class="shariff-button twitter">'
                '<a href="https://twitter.com/share"><span class="shariff-text">twittern</span></a></li>'
                '<li class="shariff-button facebook"><a href="https://facebook.com/share"><span class="shariff-text">teilen</span></a></li></ul></div>')
    item = parse(html).item
    _has_body(item)
    assert "twittern" not in item["text"]


def test_the_date_and_byline_line_opening_a_foreign_article_is_not_body():
    for line in ("24. März 2004, 19:49 | Genesis", "3:59 PM Briefe", "Freitag | 14. Juni 2019 | 15:49 VON Sina Giebel IN Fashion",
                 "June 14, 2019 by Sina"):
        html = page(f'<div class="post"><h1>Ear Candy!</h1><p>{line}</p>' + "".join(f"<p>{p}</p>" for p in BODY) + "</div>")
        item = parse(html).item
        _has_body(item)
        assert line not in item["text"], line
    # a sentence that mentions a date stays
    sentence = "Am 13. Mai 2014 hat der Gerichtshof entschieden."
    html = page(f'<div class="post"><h1>Ear Candy!</h1><p>{sentence}</p>' + "".join(f"<p>{p}</p>" for p in BODY) + "</div>")
    assert sentence in parse(html).item["body"]


def test_a_short_post_above_longer_teasers_is_the_article():
    # the densest element is the box of next stories; the post itself opens where the
    # generic extractor's text opens, and ours must hold that opening
    post = ('<div id="story"><p>Cartoonist Matt Bors got a spot on television for his scathing critique of the '
            'narrative of the lazy, narcissistic generation, which has gone well beyond a joke.<br>'
            '<a href="https://example.com/video">Click through for the whole thing.</a></p>'
            "<p>The generation we love to dump on</p><p>(via Geeks)</p></div>")
    nexts = "".join(
        f'<div class="nextstory"><h2><a href="/2019/04/1{i}/story-{i}.html">Next story {i} has a headline</a></h2>'
        f"<p>Next story {i}: the good folks are still doing their thing, and now they have included two famous "
        f"musicians to play along, which is a fine thing to watch on a quiet evening at home.</p>"
        f'<h3><a href="/2019/04/1{i}/story-{i}.html">READ THE REST</a></h3></div>' for i in range(6))
    html = page('<div id="headline"><h1>Hating Millennials</h1></div>' + post + f'<div id="next-post-thumbnails">{nexts}</div>',
                title="Hating Millennials")
    item = parse(html).item
    assert "scathing critique" in item["body"]
    assert "Click through for the whole thing." in item["text"]


def test_a_lead_named_box_holding_the_whole_article_is_its_body():
    # a one-paragraph agency item printed in a "teaser-detail" box: no body after the lead
    html = page(f'<h1>Ear Candy!</h1><div class="ar-teaser-detail"><div itemprop="articleBody"><p>{P1} {P2}</p></div></div>'
                f'<div class="widget"><ul>{_teasers(2)}</ul></div>')
    r = parse(html)
    assert r.item["body"] == f"{P1} {P2}"
    assert r.item["summary"] is None
    assert "no body" not in r.problems


def test_a_row_of_links_or_a_taxonomy_line_inside_the_content_is_not_body():
    tags = ('<p><a href="/tag/epic-games/">Epic Games</a><a href="/tag/gametechie/">GameTechie</a>'
            '<a href="/tag/news/">News</a><a href="/tag/rocket-league/">Rocket League</a></p>')
    one_link = '<p>Hier geht’s zur <a href="https://facebook.com/events/1">Facebook Veranstaltung</a></p>'
    html = page('<div class="post">' + article(BODY[:2]) + one_link + f"<p>{P3}</p>" + tags + "<p>Category: Blog Popular</p></div>")
    item = parse(html).item
    _has_body(item)
    assert "Epic Games" not in item["text"] and "Rocket League" not in item["text"]
    assert "Category: Blog Popular" not in item["text"]
    assert "Hier geht’s zur Facebook Veranstaltung" in item["body"]


def test_tag_rows_author_boxes_and_ad_slots_are_chrome_but_modifiers_naming_them_are_not():
    menu = '<ul class="mega">' + "".join(f'<li><a href="/c/{i}/">Category number {i} of the site</a></li>' for i in range(40)) + "</ul>"
    html = page(
        # WordPress names the post's tags and categories on the post itself; BEM modifiers say a
        # section has ads: neither is chrome
        menu + '<div class="post tag-grundeinkommen category-news"><section class="o-section o-section--has-ads">'
        + article()
        + '<div class="mvp-post-tags"><span>Related Topics</span><a href="/tag/a/">Epic Games</a></div>'
        '<div class="it-ad" id="ad-after"><b>PODCAST #169: Deepfake-Hollywood</b> und mehr</div>'
        '<div class="mvp-author-box-wrap"><p>Senior Editor with a focus on all things tech. You can keep up with me on Twitter.</p></div>'
        "</section></div>")
    item = parse(html).item
    _has_body(item)
    for leak in ("Related Topics", "Deepfake-Hollywood", "You can keep up with me"):
        assert leak not in item["text"], leak


def test_byline_separator_and_repeated_headline_opening_the_content_are_not_body():
    # the headline known only from metadata, with the site's name after it; the content element
    # opens with a kicker, the headline again, the date, a separator and the byline
    headline = "Zwischenbilanz: Tops und Flops bei der Transformation"
    html = page('<div class="post_box"><p>Feature</p>' f"<p><strong>{headline}</strong></p>"
                "<p>May 20, 2019</p><p>-</p><p>By Annette Henkel</p>" + "".join(f"<p>{p}</p>" for p in BODY) + "</div>",
                head=f'<meta property="og:title" content="{headline} - changelog">', title=f"{headline} - changelog")
    item = parse(html).item
    _has_body(item)
    assert "Annette Henkel" not in item["text"]
    assert "May 20, 2019" not in item["body"] and "\n\n-\n\n" not in item["body"]
    assert headline not in item["body"]


def test_a_teaser_card_inside_the_article_is_not_text():
    card = ('<figure class="teaser"><a href="https://news.example.org/other-1.4435810"><div><img src="/t.jpg">'
            "<figcaption><h3>Neues Bahn-Konzept ICE im S-Bahn-Takt</h3><p>Die Bahn will jetzt schon ab 2021 die ersten "
            "Fernverbindungen im Halbstunden-Rhythmus anbieten.</p></figcaption></div></a></figure>")
    plain = ('<p><a href="https://news.example.org/other-2"><span><h4>Zweiter Teaser</h4></span></a></p>')
    html = page('<div class="post">' + article(BODY[:2]) + card + plain + f"<p>{P3}</p></div>")
    item = parse(html).item
    _has_body(item)
    assert "S-Bahn-Takt" not in item["text"] and "Halbstunden" not in item["text"]
    assert "Zweiter Teaser" not in item["text"]


def test_a_headline_box_that_also_prints_the_time_gives_the_headline():
    # uCoz prints the post's time floated right inside its title box; <title> names the headline
    html = page('<table class="eBlock"><tr><td><div class="eTitle"><div style="float:right">3:59 PM</div>Briefe</div>'
                "</td></tr><tr><td>" + "".join(f"<p>{p}</p>" for p in BODY) + "</td></tr></table>",
                title="Briefe - 26 Oktober 2010 - Blog")
    item = parse(html).item
    assert item["title"] == "Briefe"
    assert "3:59 PM" not in item["text"]
    _has_body(item)


# -- the lead ---------------------------------------------------------------------------------------


LEAD = ("Rechtsanwalt Dr. Thomas Schulte liefert eine Einschätzung zum EuGH-Urteil und zeigt, welche "
        "Möglichkeiten Internet-User zur Löschung ihrer Daten haben.")


def test_a_lead_named_intro_inside_a_teasers_link_or_list_item_is_not_the_summary():
    # gofeminin.de prints its see-also boxes as links around a "intro-header"; spiegel.de its
    # video teasers as list items with a "headline-intro": another article's intro, not this one's
    link_box = ('<div class="seealso"><a class="autopromo" href="/other/"><div class="content">'
                '<div class="intro-header">Lust auf mehr Farbe in deinem Leben?</div></div></a></div>')
    list_box = ('<ul><li><div class="video"><span class="headline-intro">Ungewöhnliche Rettungsaktion: </span>'
                '<a href="/video/1/">Feuerwehr holt Katze vom Dach</a></div></li></ul>')
    for box in (link_box, list_box):
        item = parse(page('<div class="post">' + article() + "</div>" + box)).item
        _has_body(item)
        assert item["summary"] is None, box[:40]


def test_the_description_the_page_prints_after_the_headline_is_the_lead():
    # cnet.de: the meta description printed as a <p> in the article's <header>, its body in a
    # separate element named for it; the paragraph is the lead (in text), not lost and not body
    head = f'<meta name="description" content="{LEAD}">'
    html = page(f'<article><header><h1>Ear Candy!</h1><p>{LEAD}</p></header>'
                + '<div class="entry-content">' + "".join(f"<p>{p}</p>" for p in BODY) + "</div></article>", head=head)
    r = parse(html)
    assert r.item["summary"] == LEAD
    assert LEAD in r.item["text"] and LEAD not in r.item["body"]
    _has_body(r.item)


def test_a_description_cut_short_in_the_metadata_is_the_opening_of_the_printed_lead():
    # gofeminin.de: the description ends "..." where the printed lead goes on; the lead's second
    # half is a link, so only its opening (PRINTED_DESCRIPTION_PROBE characters) is looked for
    cut = LEAD[:70].rsplit(" ", 1)[0] + "..."
    printed = LEAD[:35] + f'<a href="/eugh/">{LEAD[35:60]}</a>' + LEAD[60:]
    html = page(f'<h1>Ear Candy!</h1><p class="af-chapo">{printed}</p>'
                + '<div class="entry-content">' + "".join(f"<p>{p}</p>" for p in BODY) + "</div>",
                head=f'<meta name="description" content="{cut}">')
    item = parse(html).item
    assert item["summary"] == LEAD
    _has_body(item)


def test_a_description_printed_over_several_source_lines_is_found():
    # the template wraps the lead's text in the HTML source: its opening is found in the text
    # node's normalize-space(.), never in the raw text with its line break and indentation (the
    # page-text test that skips the scan must compare the same spacing)
    wrapped = LEAD[:16] + "\n        " + LEAD[17:]
    assert LEAD[16] == " "
    html = page(f'<h1>Ear Candy!</h1><p class="af-chapo">{wrapped}</p>'
                + '<div class="entry-content">' + "".join(f"<p>{p}</p>" for p in BODY) + "</div>",
                head=f'<meta name="description" content="{LEAD}">')
    item = parse(html).item
    assert item["summary"] == LEAD
    _has_body(item)


def test_a_description_the_page_does_not_print_does_not_end_the_search_for_one_it_prints():
    # the Open Graph description (looked at first) is written for sharing and printed nowhere:
    # the plain description the page prints after the headline is still the lead
    shared = "Zum Teilen geschrieben, steht nirgends auf der Seite und wird nirgends gedruckt."
    html = page(f'<h1>Ear Candy!</h1><p class="af-chapo">{LEAD}</p>'
                + '<div class="entry-content">' + "".join(f"<p>{p}</p>" for p in BODY) + "</div>",
                head=f'<meta property="og:description" content="{shared}">'
                     f'<meta name="description" content="{LEAD}">')
    item = parse(html).item
    assert item["summary"] == LEAD
    _has_body(item)


def _described(printed: str, description: str = LEAD, og: str | None = None):
    """The summary of a post whose metadata describes it, ``printed`` standing between the
    headline (or, with ``{h1}`` in it, around it) and the body."""
    head = f'<meta name="description" content="{description}">'
    if og is not None:
        head = f'<meta property="og:description" content="{og}">' + head
    content = printed if "{h1}" in printed else "{h1}" + printed
    html = page(content.replace("{h1}", "<h1>Ear Candy!</h1>")
                + '<div class="entry-content">' + "".join(f"<p>{p}</p>" for p in BODY) + "</div>", head=head)
    item = parse(html).item
    _has_body(item)
    return item["summary"]


def test_a_description_printed_only_above_the_headline_is_not_the_lead():
    assert _described(f"<p>{LEAD}</p>{{h1}}") is None
    assert _described(f"<p>{LEAD}</p>{{h1}}<p>{LEAD}</p>") == LEAD  # (a copy below it is)


def test_a_description_printed_only_in_a_teaser_or_the_chrome_is_not_the_lead():
    teaser = f'<ul><li><p>{LEAD}</p></li></ul>'
    assert _described(teaser) is None
    assert _described(f"<footer><p>{LEAD}</p></footer>") is None
    assert _described(f"{teaser}<p>{LEAD}</p>") == LEAD  # (a copy of its own after the teaser is)


def test_a_line_that_only_opens_like_the_description_is_not_the_lead():
    assert _described(f"<p>{LEAD[:60]} und vieles mehr.</p>") is None
    # (a description not cut short must be the whole line: one going on after it is none)
    assert _described(f"<p>{LEAD} Mehr dazu im Artikel.</p>") is None


def test_a_description_cut_before_punctuation_is_the_opening_of_the_printed_lead():
    # "... zeigt ..." cut where the printed lead goes on "zeigt, welche": the space before the
    # dots is not part of the opening
    cut = LEAD[:LEAD.index(",")] + " ..."
    assert _described(f"<p>{LEAD}</p>", description=cut) == LEAD


def test_a_description_too_short_for_a_lead_does_not_end_the_search_for_a_longer_one():
    short, forty = LEAD[:39], LEAD[:39] + "!"  # LEAD_MIN_CHARS is 40
    assert (len(short), len(forty)) == (39, 40)
    assert _described(f"<p>{short}</p><p>{LEAD}</p>", og=short) == LEAD
    assert _described(f"<p>{forty}</p>", description=forty) == forty
    assert _described(f"<p>{short}</p>", description=short) is None


def test_a_description_cut_with_an_ellipsis_character_is_the_opening_of_the_printed_lead():
    cut = LEAD[:70].rsplit(" ", 1)[0]
    assert _described(f"<p>{LEAD}</p>", description=cut + "…") == LEAD


def test_markup_after_the_last_word_of_the_probe_does_not_hide_the_printed_description():
    # the probe is cut at the last word within PRINTED_DESCRIPTION_PROBE (30) characters:
    # markup inside the word it cuts does not keep the line from being found
    from vkscrawl.parsing.article import PRINTED_DESCRIPTION_PROBE
    cut = LEAD[:PRINTED_DESCRIPTION_PROBE].rsplit(" ", 1)[0]
    k = PRINTED_DESCRIPTION_PROBE - 2
    assert len(cut) < k
    assert _described(f"<p>{LEAD[:k]}<b>{LEAD[k:k + 3]}</b>{LEAD[k + 3:]}</p>") == LEAD


def test_a_description_that_is_the_opening_paragraph_stays_body():
    # most sites write the description from the first paragraph: that paragraph is body
    head = f'<meta property="og:description" content="{P1}">'
    item = parse(page('<div class="post">' + article() + "</div>", head=head)).item
    assert item["summary"] is None
    assert item["body"].startswith(P1)


# -- the end of the article ---------------------------------------------------------------------------


def _more(href_host: str = "") -> str:
    return "".join(f'<li><a href="{href_host}/2019/0{i}/0{i}/post-{i}/">Another post number {i} of the blog</a></li>'
                   for i in range(1, 4))


def test_a_label_over_links_to_the_sites_other_pages_is_not_text_and_the_article_goes_on():
    # basicthinking.de: "Auch interessant:" in bold over a list of links to its other posts,
    # inside the post's entry-content, then the post goes on
    html = page('<div class="entry-content">' + article(BODY[:2]) + f"<p><strong>Auch interessant:</strong></p><ul>{_more()}</ul>"
                f"<p>{P3}</p></div>")
    item = parse(html).item
    _has_body(item)
    assert "Auch interessant" not in item["text"] and "Another post" not in item["text"]


def test_a_label_over_links_to_other_sites_is_the_articles_own_list():
    # mixed.de: "Empfehlungen von Dennis:" over links to the shops the deals are in: the
    # article's own list (what the extractor makes of the links is the agreement's business)
    html = page('<div class="entry-content">' + article(BODY[:2]) + "<p>Empfehlungen von Dennis:</p>"
                f'<ul>{_more("https://shop.example.com")}</ul><p>{P3}</p></div>')
    item = parse(html).item
    _has_body(item)
    assert "Empfehlungen von Dennis:" in item["body"]


def test_a_link_row_is_a_line_that_is_one_link():
    # a line with a link and as much text again beside it is a sentence, not a link row
    # (LINK_ROW_SHARE)
    rows = "".join(f'<li><a href="/p/{i}/">Another post number {i}</a> and what the post is about</li>' for i in range(3))
    html = page('<div class="entry-content">' + article(BODY[:2]) + f"<p>Auch interessant:</p><ul>{rows}</ul><p>{P3}</p></div>")
    item = parse(html).item
    _has_body(item)
    assert "Another post number 1 and what the post is about" in item["body"]


def test_a_short_label_closing_the_content_is_not_text():
    # incurvy.de: the post ends "Das Thema könnte dich auch interessieren:" (six words, the
    # related-posts widget it introduces is chrome); a seventh word makes it the article's line
    # cleveland.com ends its story "You may also like..." over its teasers
    for label, kept in (("Das Thema könnte dich auch interessieren:", False),
                        ("Das Thema könnte dich sicher auch interessieren:", True),
                        ("You may also like...", False), ("You may also like", True)):
        html = page('<div class="entry-content">' + article() + f"<p>{label}</p></div>"
                    '<div class="related-posts"><a href="/other/">Natur Peelings selber machen</a></div>')
        item = parse(html).item
        _has_body(item)
        assert (label in item["text"]) is kept, label


def test_a_label_over_the_articles_closing_photos_stays():
    # AEB (a celebrity page): "See more photos:" closes the text and introduces the photos
    html = page('<div class="entry-content">' + article() + '<p>See more photos:</p><p><img src="/a.jpg"></p>'
                '<p><img src="/b.jpg"></p></div>')
    item = parse(html).item
    assert item["body"].endswith("See more photos:")


# -- an article printed in chunks --------------------------------------------------------------------


def _chunk(paragraphs) -> str:
    return ('<div class="grid grid-items-2"><div class="grid--item body body__container article__body">'
            + "".join(f"<p>{p}</p>" for p in paragraphs)
            + '</div><div class="grid--item grid-layout__aside"><div class="ad ad--rail"></div></div></div>')


LATER = tuple(f"Later chunk paragraph {w} goes on about the analytics the platform shows its business accounts, "
              "the demographics of their followers and how many of them came back." for w in ("one", "two", "three"))


def test_an_article_cut_into_chunks_of_one_body_class_is_read_whole():
    # wired.com: the story's text in several "article__body" elements, each in its own grid row
    # with an ad rail, an ad row between them; the extractor reads the first chunk only
    html = page('<article class="article main-content"><h1>Ear Candy!</h1><div class="article__chunks">'
                + _chunk(BODY) + '<div class="row full-bleed-ad"><div class="ad"><span>Advertisement</span></div></div>'
                + _chunk(LATER) + "</div></article>")
    item = parse(html).item
    _has_body(item)
    _has_body(item, LATER)


def test_a_box_of_the_body_class_without_a_sentence_is_no_chunk():
    # albawaba.com: a newsletter box carrying the body's class after the article
    html = page('<article class="article main-content"><h1>Ear Candy!</h1><div class="article__chunks">'
                + _chunk(BODY) + '<div class="grid"><div class="grid--item body body__container article__body">'
                '<p>Subscribe</p><p>Subscribe Now</p></div></div></div></article>')
    item = parse(html).item
    _has_body(item)
    assert "Subscribe" not in item["text"]


def test_the_next_story_preloaded_with_its_own_headline_is_no_chunk():
    # an infinite-scroll page: the next story, its headline and its body in the same classes
    html = page('<div class="stories"><article class="article"><h1>Ear Candy!</h1>' + _chunk(BODY) + "</article>"
                '<article class="article"><h1>The next story</h1>' + _chunk(LATER) + "</article></div>")
    item = parse(html).item
    _has_body(item)
    assert "Later chunk" not in item["text"]


# -- captions -------------------------------------------------------------------------------------------


def test_a_paragraph_in_a_caption_box_is_not_body_even_without_its_image():
    # chron.com (and the other Hearst papers): a slide show inside the story, its images loaded
    # by script, each slide's caption a <p> inside div.caption > div.caption-full, the credit
    # in span.credit
    slide = ('<ul class="hst-resgallery"><li class="hst-resgalleryitem"><div class="caption">'
             '<div class="caption-full"><p>In this Sunday, Nov. 10, 2019, photograph, a long row of unsold '
             'sports-utility vehicles sits at a dealership in Littleton, Colo.</p></div>'
             '<span class="credit">Photo: David Zalubowski, STF / Associated Press</span></div></li></ul>')
    html = page('<div class="article-body">' + "<h1>Ear Candy!</h1>" + slide + "".join(f"<p>{p}</p>" for p in BODY) + "</div>")
    item = parse(html).item
    _has_body(item)
    assert "unsold" not in item["body"] and "Zalubowski" not in item["body"]


def test_a_caption_box_is_the_paragraphs_own_box():
    # CAPTION_BOX_DEPTH: the class of the paragraph's own box names its caption box; two levels
    # up it names a wrapper (a video player "with caption") around the article's own text
    for wrappers, is_caption in ((0, True), (1, False)):
        inner = "<p>A line printed under the photograph of the dealership, with the name of the photographer.</p>"
        for _ in range(wrappers):
            inner = f"<div>{inner}</div>"
        html = page('<div class="article-body"><h1>Ear Candy!</h1>' + "".join(f"<p>{p}</p>" for p in BODY)
                    + f'<div class="media-caption">{inner}</div></div>')
        item = parse(html).item
        _has_body(item)
        assert ("name of the photographer" not in item["body"]) is is_caption, wrappers


def test_a_subheading_between_two_agreed_paragraphs_stays():
    # simplyscience.ch (Contao): "Plankton zersetzt sich" between two paragraphs of the story
    # in a "ce_text" block no CMS class names; the extractor, finding no body container, reads
    # the paragraphs only, and the paragraph agreement with it dropped the subheadings
    html = page('<div class="mod_article block" id="wie-entsteht-erdoel"><h1>Wie entsteht Erdöl?</h1>'
                f'<div class="ce_text block"><p>{P1}</p><h2>Plankton zersetzt sich</h2><p>{P2}</p>'
                f'<h2>Aus der Zeit der Dinosaurier</h2><p>{P3}</p></div></div>', title="Wie entsteht Erdöl?")
    item = parse(html).item
    _has_body(item)
    assert "Plankton zersetzt sich" in item["body"] and "Aus der Zeit der Dinosaurier" in item["body"]


def test_a_labelled_link_to_the_sites_other_page_is_not_text():
    # space.com: "Related: <a>Possible Water Plumes on Europa: The Discovery in Images</a>"
    # between the story's paragraphs; a line that names a link in a sentence stays
    related = '<p>Related: <a href="https://blog.example.org/2019/05/01/water-plumes/">Possible Water Plumes on Europa: The Discovery in Images</a></p>'
    other = '<p>Related: <a href="https://nasa.example.gov/europa/">Possible Water Plumes on Europa: The Discovery in Images</a></p>'
    sentence = ('<p>Related reading: the team published <a href="https://blog.example.org/2019/05/01/water-plumes/">its '
                "findings</a> in a journal last week, after two years of work on the data.</p>")
    three = '<p>Read more here: <a href="https://blog.example.org/2019/05/02/europa-ice/">Europa’s ice shell is thinner than thought</a></p>'
    four = '<p>The full report reads: <a href="https://blog.example.org/2019/05/03/report/">Water vapour over Europa’s surface</a></p>'
    html = page('<div class="entry-content">' + article(BODY[:2]) + related + other + sentence + three + four
                + f"<p>{P3}</p></div>")
    item = parse(html).item
    _has_body(item)
    assert item["body"].count("Possible Water Plumes") == 1  # the other site's page stays
    assert "the team published its findings" in item["body"]
    # LINK_LABEL_MAX_WORDS: three words are a label, four a sentence
    assert "Europa’s ice shell" not in item["body"] and "Water vapour over Europa’s surface" in item["body"]
