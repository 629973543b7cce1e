"""A whole page: the source article and the drawn parts put together, and the Hypothesis strategy
that draws them (:func:`generated_pages`).

Regions of a page, in document order::

    top             banner, menu, search (before the layout)
    left            the left column (a layout table's cell, a grid column, or stacked)
    before_article  the main column before the article (the breadcrumb)
    [article]       date above the title | title | date under the title, or an info table row |
                    after_title (share bar, view counter) | summary | content element (paragraphs,
                    images, author line) | date in the article's footer line | labelled author
                    after the content | after_body (related links, tags, share bar)
    after_article   the main column after the article (comments, related, other headlines)
    right           the right column
    bottom          footer, counters

Every choice is drawn simplest first, so Hypothesis shrinks a failing page toward no chrome, no
wrapper, the plainest markup and the fewest paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import strategies as st

from . import article as art
from . import chrome as ch
from .dates import FORMATS, LABELLED, date_text, iso, shows_time
from .source import PROVINCES, SourceArticle, articles, pools

FORMS = ("none", "form")
LAYOUTS = ("flat", "table", "divs", "portlet")
CONTAINERS = ("none", "main", "article", "main_article", "section")
CONTENT_CLASSES = ("none", "semantic", "opaque")
HTML_TITLES = ("title", "title_site", "site_title", "site_cat_title", "site")
DATE_PLACES = ("under_title", "above_title", "table_row", "article_footer", "meta_only")
DATE_META = ("none", "og", "og_utc", "jsonld", "itemprop")
SUMMARY_PLACES = ("after_date", "before_date")


#: Every part drawn by name, with its choices simplest first (what a failing page shrinks to).
PART_CHOICES: dict[str, tuple] = {
    "form": FORMS,
    "layout": LAYOUTS,
    "nesting": (0, 1, 2, 3, 4),
    "container": CONTAINERS,
    "content_class": CONTENT_CLASSES,
    "category": ch.CATEGORIES,
    "title": art.TITLES,
    "html_title": HTML_TITLES,
    "og_title": (False, True),
    "description": (False, True),
    "date_format": FORMATS,
    "weekday_capital": (False, True),
    "date_place": DATE_PLACES,
    "date_tag": art.DATE_TAGS,
    "date_meta": DATE_META,
    "footer_date_inside": (False, True),
    "summary": ("none",) + art.SUMMARIES,
    "summary_place": SUMMARY_PLACES,
    "paragraph": art.PARAGRAPHS,
    "unit": art.UNITS,
    "caption": art.CAPTIONS,
    "image_src": ("relative", "absolute"),
    "author": art.AUTHORS,
    "labelled_author": art.LABELLED_AUTHORS,
    "author_label": tuple(range(len(art.AUTHOR_LABELS))),
    "naming": ("semantic", "opaque", "none"),
    "tags": ("div", "html5"),
}
#: The simplest page's parts (and the source article's simplest features, as ``parts`` records
#: them): a part away from these on a shrunk failing page is what the failure needs.
SIMPLEST = {name: choices[0] for name, choices in PART_CHOICES.items()} | {
    "images": ("p_after",), "chrome": (), "kind": "story", "has_time": False, "summary_in_source": False,
    "author_in_source": "none", "pictures": 0}


def cause(parts: dict) -> frozenset[str]:
    """The parts of a page that are not the simplest, as ``name=value`` (each chrome box and each
    image style on its own); on a shrunk failing page, what the failure needs."""
    out = set()
    for name, value in parts.items():
        if value is None:
            continue
        if name in ("chrome", "images"):
            out |= {f"{name}={v}" for v in value if v not in SIMPLEST[name]}
        elif value != SIMPLEST.get(name, value):
            out.add(f"{name}={value}")
    return frozenset(out)


def part_values(parts: dict) -> frozenset[str]:
    """Every ``name=value`` of a page's parts (each chrome box and image style on its own)."""
    out = set()
    for name, value in parts.items():
        if value is None:
            continue
        if name in ("chrome", "images"):
            out |= {f"{name}={v}" for v in value}
        else:
            out.add(f"{name}={value}")
    return frozenset(out)


@dataclass
class GeneratedPage:
    """A generated page: its URL, its HTML, what the parser must find (``expected``: the fields
    the invariant checks) and the parts it was made of (``parts``: part name -> choice)."""

    url: str
    html: str
    expected: dict
    parts: dict = field(default_factory=dict)

    @property
    def body(self) -> bytes:
        return self.html.encode("utf-8")

    def __repr__(self) -> str:  # what Hypothesis prints for a failing page: its cause, not its bytes
        from_simplest = sorted(cause(self.parts))
        return f"GeneratedPage({self.url!r}, {len(self.html)} bytes, parts away from the simplest: {from_simplest})"


def _slug(name: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


# -- the head --------------------------------------------------------------------------------------


def head_html(a: SourceArticle, site: ch.Site, parts: dict, url: str, category: str) -> str:
    t = a.title
    title = {"title": t, "title_site": f"{t} - {site.name}", "site_title": f"{site.name} - {t}",
             "site_cat_title": f"{site.name} | {category} | {t}", "site": site.name}[parts["html_title"]]
    out = ['<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', f"<title>{art.esc(title)}</title>",
           '<link rel="stylesheet" href="/css/style.css">']
    if parts["og_title"]:
        out.append(f'<meta property="og:title" content="{art.esc(t)}">')
        out.append(f'<meta property="og:url" content="{art.esc(url)}">')
    if parts["description"]:
        out.append(f'<meta name="description" content="{art.esc(a.summary or a.title)}">')
    meta = parts["date_meta"]
    if meta in ("og", "og_utc"):
        out.append(f'<meta property="article:published_time" content="{iso(a.day, a.time, utc=meta == "og_utc")}">')
    if meta == "jsonld":
        import json

        ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title,
              "datePublished": iso(a.day, a.time), "publisher": {"@type": "Organization", "name": site.name}}
        out.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    out.append('<script type="text/javascript">var _gaq = _gaq || []; _gaq.push(["_trackPageview"]);</script>')
    return "<head>" + "\n".join(out) + "</head>"


# -- the article -----------------------------------------------------------------------------------


def article_html(a: SourceArticle, site: ch.Site, parts: dict, regions: dict, url: str) -> str:
    fmt, place = parts["date_format"], parts["date_place"]
    shown = date_text(fmt, a.day, a.time, capital=parts["weekday_capital"])
    stamp = iso(a.day, a.time)
    date_el = art.date_html(shown, parts["date_tag"], stamp)
    summary = art.summary_html(a.summary, parts["summary"]) if a.summary and parts["summary"] != "none" else ""
    in_content = parts["summary"] in art.SUMMARY_IN_CONTENT

    out = []
    if place == "above_title":
        out.append(date_el)
    out.append(art.title_html(a.title, parts["title"], url))
    head = []
    if place == "under_title":
        head.append(date_el)
    elif place == "table_row":
        head.append(art.date_row_html(shown, label=fmt not in LABELLED))
    if parts["date_meta"] == "itemprop":
        head.append(f'<meta itemprop="datePublished" content="{stamp}">')
    if summary and not in_content:
        if parts["summary_place"] == "before_date" and head:
            head.insert(0, summary)
        else:
            head.append(summary)
    out += head
    out += regions["after_title"]

    body = [summary] if summary and in_content else []
    pics = list(a.pictures)
    k = 0
    for i, p in enumerate(a.paragraphs):
        while pics and pics[0][0] == i:
            body.append(_image(a, site, parts, pics.pop(0)[1], k))
            k += 1
        body.append(art.paragraph_html(p, parts["paragraph"], parts["unit"]))
    for _i, pic in pics:
        body.append(_image(a, site, parts, pic, k))
        k += 1
    author_after = ""
    if a.author:
        if a.author_label:
            label = art.AUTHOR_LABELS[parts["author_label"]]
            line = art.author_html(a.author, parts["labelled_author"], label)
            if parts["labelled_author"] == "label_after":
                author_after = line
            else:
                body.append(line)
        else:
            body.append(art.author_html(a.author, parts["author"]))
    footer_date = ""
    if place == "article_footer":
        footer_date = art.date_html(shown, parts["date_tag"], stamp)
        if parts["footer_date_inside"]:
            body.append(f'<p style="text-align:right">{footer_date}</p>' if parts["date_tag"] in ("span", "time") else footer_date)
            footer_date = ""
    content_cls = {"none": "", "semantic": ' class="noi-dung-tin"', "opaque": ' class="c-7"'}[parts["content_class"]]
    out.append(f"<div{content_cls}>\n" + "\n".join(body) + "\n</div>")
    out += [author_after, footer_date]
    out += regions["after_body"]
    return "\n".join(x for x in out if x)


def _image(a: SourceArticle, site: ch.Site, parts: dict, pic, k: int) -> str:
    styles = parts["images"]
    style = styles[k % len(styles)]
    src = f"/uploads/news/{a.day:%Y_%m}/{pic.file}" if parts["image_src"] == "relative" else f"https://{site.host}/Uploads/{a.day:%Y/%m/%d}/{pic.file}"
    return art.image_html(pic, src, style, parts["caption"])


# -- the layout --------------------------------------------------------------------------------------


def layout_html(parts: dict, regions: dict, article: str) -> str:
    def join(xs):
        return "\n".join(x for x in xs if x)

    main = join(regions["before_article"] + [_container(parts, article)] + regions["after_article"])
    left, right = join(regions["left"]), join(regions["right"])
    top, bottom = join(regions["top"]), join(regions["bottom"])
    lay = parts["layout"]
    if lay == "flat":
        inner = join([top, left, main, right, bottom])
    elif lay == "table":
        cells = (f'<td width="200" valign="top">{left}</td>' if left else "") + f'<td valign="top">{main}</td>' \
            + (f'<td width="200" valign="top">{right}</td>' if right else "")
        inner = join([top, f'<table width="980" border="0" cellpadding="0" cellspacing="0" align="center"><tr>{cells}</tr></table>', bottom])
    elif lay == "divs":
        for depth in range(parts["nesting"]):
            main = f'<div class="{("inner", "wrap", "clearfix", "box-content", "col-inner")[depth % 5]}">{main}</div>'
        cols = (f'<div class="col-md-3">{left}</div>' if left else "") + f'<div class="col-md-6">{main}</div>' \
            + (f'<div class="col-md-3">{right}</div>' if right else "")
        inner = join([top, f'<div class="container"><div class="row">{cols}</div></div>', bottom])
    else:  # portlet: every box in a portlet frame, the article too
        def portlet(x, title=""):
            head = f'<div class="portlet-title"><span>{art.esc(title)}</span></div>' if title else ""
            return f'<div class="portlet-boundary"><section class="portlet">{head}<div class="portlet-body">{x}</div></section></div>'
        main = join([portlet(x) for x in regions["before_article"]] + [portlet(_container(parts, article), parts["category"])]
                    + [portlet(x) for x in regions["after_article"]])
        cols = (f'<div class="portlet-column span3">{join(portlet(x) for x in regions["left"])}</div>' if left else "") \
            + f'<div class="portlet-column span6">{main}</div>' \
            + (f'<div class="portlet-column span3">{join(portlet(x) for x in regions["right"])}</div>' if right else "")
        inner = join([top, f'<div class="portlet-layout row-fluid">{cols}</div>', bottom])
    if parts["form"] == "form":
        inner = ('<form name="aspnetForm" method="post" action="./ChiTiet.aspx" id="aspnetForm">'
                 '<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBgIBD2QWAgIBDxYCHgRUZXh0" /></div>\n'
                 f"{inner}\n</form>")
    return inner


def _container(parts: dict, article: str) -> str:
    c = parts["container"]
    if c == "main":
        return f"<main>{article}</main>"
    if c == "article":
        return f"<article>{article}</article>"
    if c == "main_article":
        return f'<main id="main"><article class="post">{article}</article></main>'
    if c == "section":
        return f'<section class="detail">{article}</section>'
    return f'<div class="detail">{article}</div>'


# -- the strategy ------------------------------------------------------------------------------------


def _expected(a: SourceArticle, parts: dict, url: str) -> dict:
    visible = parts["date_place"] != "meta_only"
    time_given = a.time is not None and (
        (visible and shows_time(parts["date_format"], a.time))
        or parts["date_meta"] != "none"  # the meta tag states the time
        or (visible and parts["date_place"] != "table_row" and parts["date_tag"] == "time"))  # so does <time datetime>
    has_summary = a.summary is not None and parts["summary"] != "none"
    return {
        "url": url,
        "title": a.title,
        "published": a.iso() if time_given else a.day.isoformat(),
        "summary": a.summary if has_summary else None,
        "body": [p.text for p in a.paragraphs],
        "captions": [pic.caption for _i, pic in a.pictures],
        "author": a.author,
    }


def _irrelevant(a: SourceArticle, parts: dict) -> set[str]:
    out = set()
    if parts["layout"] != "divs":
        out.add("nesting")
    if parts["date_place"] == "meta_only":
        out |= {"date_tag", "date_format", "weekday_capital"}
    elif "Thứ" not in date_text(parts["date_format"], a.day, a.time):
        out.add("weekday_capital")
    if parts["date_place"] != "article_footer":
        out.add("footer_date_inside")
    if parts["date_place"] == "table_row":
        out.add("date_tag")
    if parts["summary"] in ("none",) + tuple(art.SUMMARY_IN_CONTENT) or parts["date_place"] not in ("under_title", "table_row"):
        out.add("summary_place")
    if a.kind != "digest":
        out.add("unit")
    if not a.pictures:
        out |= {"images", "caption", "image_src"}
    if not a.author or a.author_label:
        out.add("author")
    if not a.author_label:
        out |= {"labelled_author", "author_label"}
    return out


@st.composite
def generated_pages(draw) -> GeneratedPage:
    """A page composed at random from the parts (see the package's docstring)."""
    a: SourceArticle = draw(articles())
    p = pools()
    province = draw(st.sampled_from(PROVINCES))
    host = f"vks{_slug(province)}.gov.vn"
    url = draw(st.sampled_from((
        f"https://{host}/tin-tuc/chi-tiet.aspx?id={{n}}", f"https://{host}/news/tin-hoat-dong/bai-viet-{{n}}.html",
        f"http://{host}/index.php?option=com_content&view=article&id={{n}}", f"https://{host}/web/guest/tin-tuc/-/asset_publisher/abc/content/{{n}}",
    ))).format(n=draw(st.integers(100, 99999)))
    others = tuple(t for t in p.story_titles + p.digest_titles if t != a.title)
    site = ch.Site(name=f"Viện kiểm sát nhân dân tỉnh {province}" if province not in ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ") else f"Viện kiểm sát nhân dân thành phố {province}",
                   host=host, naming="", tags="", day=a.day, others=others)

    parts = {name: draw(st.sampled_from(choices)) for name, choices in PART_CHOICES.items()}
    if not a.summary:
        parts["summary"] = "none"
    parts["images"] = tuple(draw(st.lists(st.sampled_from(art.IMAGES), min_size=1, max_size=3)))
    site.naming, site.tags = parts["naming"], parts["tags"]
    chrome_kinds = draw(st.lists(st.sampled_from(tuple(ch.KINDS)), unique=True, max_size=len(ch.KINDS)))
    chrome = []
    for kind in chrome_kinds:
        region = draw(st.sampled_from(ch.KINDS[kind].regions))
        style = draw(st.integers(0, 11))
        chrome.append((kind, region, style))
    parts["chrome"] = tuple(chrome)

    # -- what would make a page a reader could not read: ruled out, not drawn around -----------
    if parts["date_place"] == "meta_only" and parts["date_meta"] == "none":
        parts["date_meta"] = "og"  # a page showing no date states one in its markup
    only_h1 = parts["title"] in ("h1", "h1_class", "h1_link") and not any(k == "banner" and s % 4 == 2 for k, _r, s in chrome)
    if parts["html_title"] == "site" and not only_h1:
        parts["html_title"] = "title_site"  # <title> names the headline unless the page's only h1 does
    if parts["summary"] == "h2_class" and not parts["title"].startswith("h1"):
        parts["summary"] = "div_class"  # a lead set as h2 goes with an h1 headline

    regions = {r: [] for r in ("top", "left", "before_article", "after_title", "after_body", "after_article", "right", "bottom")}
    for kind, region, style in chrome:
        render = ch.KINDS[kind].render
        regions[region].append(render(site, style, parts["category"]) if kind == "breadcrumb" else render(site, style))
    body = article_html(a, site, parts, regions, url)
    page = ("<!DOCTYPE html>\n<html lang=\"vi\">\n" + head_html(a, site, parts, url, parts["category"])
            + "\n<body>\n" + layout_html(parts, regions, body) + "\n</body>\n</html>\n")
    flat = dict(parts)
    flat["chrome"] = tuple(sorted(f"{k}@{r}" for k, r, _s in chrome))
    for name in _irrelevant(a, parts):
        flat[name] = None  # drawn, but nothing on this page shows it
    flat["kind"] = a.kind
    flat["has_time"] = a.time is not None
    flat["summary_in_source"] = a.summary is not None
    flat["author_in_source"] = "labelled" if a.author_label else ("plain" if a.author else "none")
    flat["pictures"] = len(a.pictures)
    return GeneratedPage(url, page, _expected(a, parts, url), flat)
