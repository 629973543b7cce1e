"""What every family renderer shares: the article to print (read back from a fixture's expected
item), the ways Vietnamese CMSs print a date, and the chrome strings other sites carry.

The renderers never read the portal's page.html: they print the *expected* item the way another
CMS would, so the parser has to find every field again in markup it has never seen.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = ROOT / "fixtures" / "articles"
PLACEHOLDER = "{origin}"

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass
class Image:
    url: str  # as the page writes it: a path for the portal's own host, else absolute
    caption: str | None


@dataclass
class Piece:
    """One piece of the article body in page order: a paragraph (``<br>`` where ``\\n``), a data
    table (rows on lines, cells joined by `` | ``) or an image with its caption."""

    kind: str  # "p" | "table" | "image"
    text: str = ""
    image: Image | None = None


@dataclass
class Article:
    """A fixture's expected item, as the pieces a page prints."""

    name: str
    index: int
    path: str
    article_id: int
    url: str | None  # the canonical URL when the portal page names one, else None
    title: str
    published: str
    category: str | None
    summary: str | None
    pieces: list[Piece]
    author: str | None
    others: list[tuple[str, str, str]] = field(default_factory=list)  # (title, path, dd/mm/yyyy)

    # -- dates ----------------------------------------------------------------------------------

    @property
    def day(self) -> date:
        return date.fromisoformat(self.published[:10])

    @property
    def time(self) -> tuple[int, int] | None:
        if len(self.published) > 10:
            t = datetime.fromisoformat(self.published)
            return t.hour, t.minute
        return None

    def dmy(self) -> str:
        return self.day.strftime("%d/%m/%Y")

    def hm(self) -> str:
        t = self.time
        return f"{t[0]:02d}:{t[1]:02d}" if t else ""

    def weekday(self) -> str:
        return WEEKDAYS[self.day.weekday()]

    def iso(self) -> str:
        """An ISO 8601 ``datetime`` attribute (a bare date when the portal showed no time)."""
        return self.published

    def date_text(self, style: str) -> str:
        """The publication date as a CMS prints it.  A style with a time prints none when the
        article has none (the portal showed no time: no family may invent one)."""
        d, hm = self.dmy(), self.hm()
        day = self.day
        if style == "dmy":
            return d
        if style == "dmy_time":
            return f"{d} {hm}".strip()
        if style == "nukeviet":  # Thứ ba - 05/03/2024 08:15
            return f"{self.weekday()} - {d} {hm}".strip()
        if style == "updated":  # Cập nhật: 08:15 | 05/03/2024
            return f"Cập nhật: {hm} | {d}" if hm else f"Cập nhật: {d}"
        if style == "posted":
            return f"Ngày đăng: {d}" + (f" lúc {hm}" if hm else "")
        if style == "long_vn":  # Ngày 5 tháng 3 năm 2024
            return f"Ngày {day.day} tháng {day.month} năm {day.year}"
        if style == "drupal":  # Thứ Ba, 05/03/2024 - 08:15
            return f"{self.weekday()}, {d}" + (f" - {hm}" if hm else "")
        if style == "iso_like":  # 2024-03-05 08:15
            return f"{day.isoformat()} {hm}".strip()
        if style == "dmy_dash":  # 05-03-2024
            return day.strftime("%d-%m-%Y") + (f" {hm}" if hm else "")
        raise ValueError(style)

    # -- urls -----------------------------------------------------------------------------------

    def canonical_tag(self) -> str:
        return f'<link rel="canonical" href="{esc(self.url)}">' if self.url else ""

    def page_url(self) -> str:
        """The URL the page names itself by (canonical, else the path on this host)."""
        return self.url or self.path

    # -- body -----------------------------------------------------------------------------------

    def paragraphs(self) -> list[str]:
        return [p.text for p in self.pieces if p.kind == "p"]

    def images(self) -> list[Image]:
        return [p.image for p in self.pieces if p.kind == "image"]


_UNIT = re.compile(r"^((?:VKSND|Viện kiểm sát nhân dân)[^:\n]{0,100}:)")


def p_html(text: str, unit_bold: bool = True) -> str:
    """A paragraph's inner HTML: ``<br>`` for its line breaks, the unit of a digest section in
    bold (``<strong>VKSND tỉnh X:</strong> ...``) as procuracy sites print it."""
    m = _UNIT.match(text) if unit_bold else None
    if m:
        return f"<strong>{esc(m.group(1))}</strong> {esc(text[m.end():].lstrip())}"
    return "<br>".join(esc(line) for line in text.split("\n"))


def table_html(text: str, cls: str = "") -> str:
    rows = []
    for i, line in enumerate(text.split("\n")):
        cells = line.split(" | ")
        tag = "th" if i == 0 else "td"
        rows.append("<tr>" + "".join(f"<{tag}>{esc(c)}</{tag}>" for c in cells) + "</tr>")
    c = f' class="{cls}"' if cls else ""
    return f'<table{c} border="1" cellpadding="4">' + "".join(rows) + "</table>"


# -- reading the fixtures -------------------------------------------------------------------------


def _local(url: str) -> str:
    """``{origin}/Uploads/a.jpg`` as the page writes it (``/Uploads/a.jpg``)."""
    return url[len(PLACEHOLDER):] if url.startswith(PLACEHOLDER) else url


def _pieces(expected: dict) -> list[Piece]:
    """The body and the images back in page order, from the expected ``text`` (body blocks and
    captions in page order); an image without caption goes right before the next image, else
    at the end."""
    blocks = expected["text"].split("\n\n")
    skip = 1 + (1 if expected["published"] else 0)
    if expected["summary"]:
        skip += len(expected["summary"].split("\n\n"))
    rest = blocks[skip:]
    if expected["author"] and rest and rest[-1] == expected["author"]:
        rest = rest[:-1]
    body = expected["body"].split("\n\n") if expected["body"] else []
    images = [Image(_local(im["url"]), im["caption"]) for im in expected["images"]]
    pieces: list[Piece] = []
    bi = ii = 0
    for block in rest:
        if bi < len(body) and block == body[bi]:
            text = body[bi]
            bi += 1
            kind = "table" if " | " in text and "\n" in text else "p"
            pieces.append(Piece(kind, text))
            continue
        # a caption: place the uncaptioned images before it, then its image
        while ii < len(images) and images[ii].caption != block:
            pieces.append(Piece("image", image=images[ii]))
            ii += 1
        if ii == len(images):
            raise ValueError(f"{expected['article_id']}: block is neither body nor caption: {block[:60]}")
        pieces.append(Piece("image", image=images[ii]))
        ii += 1
    for im in images[ii:]:
        pieces.append(Piece("image", image=im))
    if bi != len(body):
        raise ValueError(f"{expected['article_id']}: body blocks not all placed")
    return pieces


def load_articles(articles: Path = ARTICLES) -> list[Article]:
    """Every fixture article that has an expected item, as :class:`Article`."""
    out = []
    folders = sorted(d for d in articles.iterdir() if (d / "expected.json").is_file())
    for i, d in enumerate(folders):
        meta = json.loads((d / "fixture.json").read_text("utf-8"))
        e = json.loads((d / "expected.json").read_text("utf-8"))
        url = e["url"] if not e["url"].startswith(PLACEHOLDER) else None
        out.append(Article(d.name, i, meta["path"], e["article_id"], url, e["title"], e["published"],
                           e["category"], e["summary"], _pieces(e), e["author"]))
    for a in out:  # the other articles: sidebars and related boxes of other headlines
        a.others = [(o.title, o.path, o.dmy()) for o in out if o is not a and o.title != a.title][:6]
    return out


# -- a rendered page and its chrome -------------------------------------------------------------


@dataclass
class Rendered:
    """A family's page: its bytes, the chrome strings it printed (none may reach the item) and
    whether it shows the time of publication."""

    family: str
    article: Article
    html: str
    chrome: list[str]
    shows_time: bool
    names_url: bool = True  # the page names its canonical URL (else the item's url is the fetched one)

    @property
    def body(self) -> bytes:
        return self.html.encode("utf-8")


class Chrome:
    """Collects every chrome string a renderer prints, so the leak check knows them."""

    def __init__(self, site: str):
        self.site = site
        self.texts: list[str] = []

    def __call__(self, text: str) -> str:
        """``text`` escaped for HTML, and remembered as chrome."""
        self.texts.append(text)
        return esc(text)

    # -- pieces every CMS has, each in the family's own markup ------------------------------------

    MENU = ("Trang chủ", "Giới thiệu", "Tin tức", "Văn bản pháp luật", "Công tác kiểm sát",
            "Tuyên truyền pháp luật", "Liên hệ")

    def menu_items(self, li: str = "<li>", href: str = "/{i}") -> str:
        return "".join(f'{li}<a href="{href.format(i=i)}">{self(t)}</a></li>' for i, t in enumerate(self.MENU))

    def headlines(self, article: Article, item: str = '<li><a href="{path}">{title}</a> <span class="date">({date})</span></li>',
                  portal_links: bool = False, count: int = 5) -> str:
        """Other articles' headlines with their dates (a sidebar or a related box)."""
        out = []
        for k, (title, path, dmy) in enumerate(article.others[:count]):
            href = path if portal_links else f"/tin-tuc/chi-tiet.aspx?id={9000 + k}"
            out.append(item.format(path=href, title=self(title), date=self(dmy)))
        return "".join(out)

    def counters(self, sep: str = "<br>") -> str:
        lines = ("Đang truy cập: 27", "Hôm nay: 1.204", "Tháng hiện tại: 35.871", "Tổng lượt truy cập: 2.318.560")
        return sep.join(self(x) for x in lines)

    def footer_lines(self) -> list[str]:
        return [self(f"Bản quyền © 2024 {self.site}"),
                self("Địa chỉ: Số 12 đường Trần Hưng Đạo, phường 1, thành phố Đông Hà"),
                self("Điện thoại: 0233.3852.123 - Fax: 0233.3852.456 - Email: vks@vks.gov.vn"),
                self("Ghi rõ nguồn khi phát hành lại thông tin từ trang này")]

    def today(self) -> str:
        return self("Hôm nay: Thứ tư, 22/01/2025")


# -- the article body in a family's markup ---------------------------------------------------------

IMAGE_STYLES = ("old", "figure", "same_p", "wp_classic", "table", "div_caption")


def image_html(im: Image, style: str, figure_class: str = "image", img_tag: str = "img") -> str:
    src = esc(im.url)
    img = f'<{img_tag} src="{src}" alt=""' + (' width="800" height="533" layout="responsive"></amp-img>' if img_tag == "amp-img" else ">")
    cap = esc(im.caption) if im.caption else None
    if style == "old":  # the image in a centred paragraph, the caption in the next, in italics
        return f'<p style="text-align: center;">{img}</p>' + (f'<p style="text-align: center;"><em>{cap}</em></p>' if cap else "")
    if style == "old_attr":  # the same with the HTML 3 attributes of a table-layout site
        return f'<p align="center">{img}</p>' + (f'<p align="center"><font size="2"><i>{cap}</i></font></p>' if cap else "")
    if style == "figure":
        return f'<figure class="{figure_class}">{img}' + (f"<figcaption>{cap}</figcaption>" if cap else "") + "</figure>"
    if style == "same_p":  # image, line break, italic caption in one paragraph
        return f'<p style="text-align:center">{img}' + (f"<br><em>{cap}</em>" if cap else "") + "</p>"
    if style == "wp_classic":
        return f'<div class="wp-caption aligncenter" style="width: 810px">{img}' + (f'<p class="wp-caption-text">{cap}</p>' if cap else "") + "</div>"
    if style == "table":  # CKEditor 3 image table without a class
        rows = f"<tr><td>{img}</td></tr>" + (f"<tr><td><em>{cap}</em></td></tr>" if cap else "")
        return f'<table align="center" border="0" cellpadding="3" cellspacing="0" style="width:100%"><tbody>{rows}</tbody></table>'
    if style == "div_caption":
        return f'<div class="image-block">{img}' + (f'<div class="image-caption">{cap}</div>' if cap else "") + "</div>"
    raise ValueError(style)


def author_html(author: str, style: str) -> str:
    a = esc(author)
    return {
        "right": f'<p style="text-align: right;"><strong>{a}</strong></p>',
        "right_attr": f'<p align="right"><font face="Arial" size="2"><b>{a}</b></font></p>',
        "right_class": f'<p class="text-right"><strong>{a}</strong></p>',
        "wp_right": f'<p class="has-text-align-right"><strong>{a}</strong></p>',
        "plain": f"<p>{a}</p>",
        "em_right": f'<p style="text-align:right"><em><strong>{a}</strong></em></p>',
    }[style]


def body_html(article: Article, images: str | list[str], author: str | None = "right",
              lead: str | None = None, p: str = "<p>", p_close: str = "</p>", **image_kw) -> str:
    """The content element's inner HTML: the lead first when ``lead`` says how (``bold``: a first
    paragraph in bold; ``bold_em``: bold italic), the pieces, the author line last (``None``: the
    family prints the author elsewhere)."""
    out = []
    if lead and article.summary:
        s = "<br>".join(esc(x) for x in article.summary.split("\n"))
        out.append({"bold": f"{p}<strong>{s}</strong>{p_close}",
                    "b_font": f'<p align="justify"><font face="Arial" size="2"><b>{s}</b></font></p>',
                    "bold_em": f"{p}<em><strong>{s}</strong></em>{p_close}"}[lead])
    styles = [images] if isinstance(images, str) else images
    k = 0
    for piece in article.pieces:
        if piece.kind == "p":
            out.append(f"{p}{p_html(piece.text)}{p_close}")
        elif piece.kind == "table":
            out.append(table_html(piece.text))
        else:
            out.append(image_html(piece.image, styles[k % len(styles)], **image_kw))
            k += 1
    if author and article.author:
        out.append(author_html(article.author, author))
    return "\n".join(out)
