"""Chrome: everything on a page that is not the article.  Each kind is one small function of the
site and a style number; it returns HTML.  ``KINDS`` names each kind and the regions of a page it
may sit in (see :mod:`.page` for the regions).

Every chrome string is ordinary text a provincial procuracy site prints; none equals a line of the
article (the teasers' headlines are other articles' titles, their dates other days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from html import escape as esc

from .dates import date_text, other_day, weekday

MENU = ("Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Văn bản pháp luật", "Công tác kiểm sát",
        "Tuyên truyền pháp luật", "Thông báo", "Liên hệ")
SUBMENU = ("Tin hoạt động ngành", "Tin địa phương", "Tin trong nước")
CATEGORIES = ("Tin hoạt động", "Hoạt động ngành", "Tin tức - Sự kiện", "Tin hoạt động VKSND địa phương")
BOX_TITLES = ("Tin mới", "Tin đọc nhiều", "Tin cùng chuyên mục", "Tin nổi bật", "Thông báo")
RELATED_TITLES = ("Tin liên quan", "Các tin khác", "Tin đã đưa", "Xem thêm", "Bài viết cùng chủ đề")
DOCUMENTS = (
    ("Quyết định số 125/QĐ-VKS", "về việc ban hành Quy chế làm việc của Viện kiểm sát nhân dân tỉnh"),
    ("Kế hoạch số 08/KH-VKS", "thực hiện công tác thi đua, khen thưởng năm"),
    ("Công văn số 312/VKS-VP", "về việc triển khai Tháng hành động vì trẻ em"),
    ("Chỉ thị số 01/CT-VKSTC", "về công tác của ngành Kiểm sát nhân dân năm"),
)
#: Opaque class names (a site's own abbreviations): chrome a parser cannot know by its class.
OPAQUE = ("bx1", "md-44", "w3", "k-trai", "dv-a", "pn2", "zone-7", "c12", "blk", "mod_x")


@dataclass
class Site:
    """The site printing the page, and how it names its boxes (``naming``: ``semantic`` classes
    such as ``menu`` or ``sidebar``, ``opaque`` ones such as ``bx1``, or ``none``; ``tags``:
    ``html5`` (``nav``, ``aside``, ``header``, ``footer``) or ``div``)."""

    name: str
    host: str
    naming: str
    tags: str
    day: date  # the article's day: teasers and comments get other days
    others: tuple[str, ...]  # other articles' headlines
    counter: list[int] = field(default_factory=lambda: [0])

    def cls(self, semantic: str) -> str:
        """A ``class`` attribute for a box whose role is ``semantic``."""
        if self.naming == "semantic":
            return f' class="{semantic}"'
        if self.naming == "opaque":
            self.counter[0] += 1
            return f' class="{OPAQUE[(len(semantic) + self.counter[0]) % len(OPAQUE)]}"'
        return ""

    def box(self, html5: str, semantic: str, inner: str) -> str:
        tag = html5 if self.tags == "html5" else "div"
        return f"<{tag}{self.cls(semantic)}>{inner}</{tag}>"

    def headline(self, k: int) -> str:
        return self.others[k % len(self.others)]

    def teaser_day(self, k: int) -> str:
        return other_day(self.day, 3 * k + 1).strftime("%d/%m/%Y")


def box_title(site: Site, text: str, style: int) -> str:
    return (f"<h3>{esc(text)}</h3>", f'<div{site.cls("box-title")}><b>{esc(text)}</b></div>',
            f"<h2{site.cls('title-box')}>{esc(text)}</h2>", f"<p><strong>{esc(text.upper())}</strong></p>")[style % 4]


# -- the kinds ------------------------------------------------------------------------------------


def banner(site: Site, style: int) -> str:
    """The site's banner: logo, name, and on some sites today's date (labelled, or in a clock
    box)."""
    logo = f'<a href="/"><img src="/images/logo.png" alt="{esc(site.name)}"></a>'
    name = (f"<div{site.cls('site-name')}>{esc('CỔNG THÔNG TIN ĐIỆN TỬ')}<br>{esc(site.name.upper())}</div>",
            f"<div><b>{esc(site.name.upper())}</b></div>", f"<h1{site.cls('logo')}>{esc(site.name)}</h1>",
            f'<img src="/images/banner.jpg" alt="{esc(site.name)}" width="980">')[style % 4]
    today = date(2025, 1, 22)
    clock = ("", f'<div{site.cls("today")}>Hôm nay: {esc(weekday(today))}, {today:%d/%m/%Y}</div>',
             f'<span id="clock" class="current-date">{esc(weekday(today, True))}, {today:%d/%m/%Y}</span>')[(style // 4) % 3]
    return site.box("header", "header", logo + name + clock)


def menu(site: Site, style: int) -> str:
    """The site's menu: a list (with a sub-menu on some), a table row of links, or a bar of links
    separated by ``|``."""
    items = "".join(
        f'<li><a href="/m/{i}">{esc(t)}</a>'
        + ("<ul>" + "".join(f'<li><a href="/m/{i}/{j}">{esc(s)}</a></li>' for j, s in enumerate(SUBMENU)) + "</ul>" if i == 2 and style % 2 else "")
        + "</li>" for i, t in enumerate(MENU))
    if style % 3 == 0:
        return site.box("nav", "menu", f"<ul>{items}</ul>")
    if style % 3 == 1:
        cells = "".join(f'<td><a href="/m/{i}">{esc(t)}</a></td>' for i, t in enumerate(MENU))
        return f'<table{site.cls("topmenu")} width="100%"><tr>{cells}</tr></table>'
    return site.box("nav", "navbar", " | ".join(f'<a href="/m/{i}">{esc(t)}</a>' for i, t in enumerate(MENU)))


def search(site: Site, style: int) -> str:
    """A search box."""
    button = ('<input type="submit" value="Tìm kiếm">', '<button type="submit">Tìm kiếm</button>',
              '<a href="#" onclick="doSearch()">Tìm</a>')[style % 3]
    return (f'<form{site.cls("search")} action="/tim-kiem" method="get">'
            f'<input type="text" name="q" placeholder="Nhập từ khóa..."> {button}</form>')


def breadcrumb(site: Site, style: int, category: str) -> str:
    """Where the article sits: a marked list, a ``»`` line, or an unmarked list from the home
    page."""
    path = (("Trang chủ", "/"), ("Tin tức - Sự kiện", "/tin-tuc"), (category, "/tin-tuc/hoat-dong"))
    if style % 3 == 0:
        lis = "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in path)
        return f'<ol class="breadcrumb">{lis}</ol>'
    if style % 3 == 1:
        return f"<div{site.cls('path')}>" + " » ".join(f'<a href="{h}">{esc(t)}</a>' for t, h in path) + "</div>"
    return "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in path) + "</ul>"


def teaser(site: Site, k: int, style: int) -> str:
    """One other article in a list: its headline as a link and its date, in one of the ways
    sites print them."""
    t, d, href = esc(site.headline(k)), site.teaser_day(k), f"/tin-tuc/chi-tiet-{9100 + k}.html"
    return (
        f'<li><a href="{href}">{t}</a> <span{site.cls("date")}>({d})</span></li>',
        f'<li><span{site.cls("time")}>{d}</span> <a href="{href}">{t}</a></li>',
        f'<li><a href="{href}"><img src="/uploads/thumb-{k}.jpg" alt=""></a><a href="{href}">{t}</a><p>{d}</p></li>',
        f'<li>• <a href="{href}">{t}</a> <i>{d}</i></li>',
    )[style % 4]


def headlines(site: Site, style: int) -> str:
    """A box of other headlines with their dates (``Tin mới``, ``Tin đọc nhiều``...)."""
    items = "".join(teaser(site, k, style) for k in range(3 + style % 4))
    return site.box("aside", "sidebar-news", box_title(site, BOX_TITLES[style % len(BOX_TITLES)], style) + f"<ul>{items}</ul>")


def related(site: Site, style: int) -> str:
    """Related links after the article: a title (``Tin liên quan``, ``Các tin khác:``) and a list
    of other headlines with dates."""
    items = "".join(teaser(site, k + 5, style + 1) for k in range(2 + style % 3))
    title = RELATED_TITLES[style % len(RELATED_TITLES)]
    head = f"<p><b>{esc(title)}:</b></p>" if style % 2 else box_title(site, title, style)
    return site.box("section", "related", head + f"<ul>{items}</ul>")


def featured(site: Site, style: int) -> str:
    """A featured teaser: thumbnail, headline, a one-line lead and a "more" link."""
    t = esc(site.headline(11))
    lead = f"{site.headline(12)}: kết quả nổi bật và nhiệm vụ trọng tâm thời gian tới…"
    return site.box("aside", "featured", box_title(site, "Tiêu điểm", style)
                    + f'<div><a href="/tin-tuc/chi-tiet-9211.html"><img src="/uploads/feat.jpg" alt="{t}"></a>'
                      f'<h4><a href="/tin-tuc/chi-tiet-9211.html">{t}</a></h4><p>{esc(lead)}</p>'
                      f'<a href="/tin-tuc/chi-tiet-9211.html">Xem tiếp »</a></div>')


def share(site: Site, style: int) -> str:
    """A share and tools bar: social links, print, e-mail, font size."""
    parts = ['<a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a>',
             '<a href="https://zalo.me/share?u=x">Zalo</a>', '<a href="javascript:window.print()">In bài</a>',
             '<a href="mailto:?subject=x">Gửi email</a>', '<a href="#" onclick="zoom(-1)">A-</a> <a href="#" onclick="zoom(1)">A+</a>']
    head = ("Chia sẻ:", "Chia sẻ bài viết:", "")[style % 3]
    return f"<div{site.cls('share-tools')}>{esc(head)} " + " ".join(parts[: 2 + style % 4]) + "</div>"


def views(site: Site, style: int) -> str:
    """The article's view counter."""
    return f"<div{site.cls('views')}>" + ("Lượt xem: 1.234", "Số lần đọc: 523", "Đã xem: 87 lượt")[style % 3] + "</div>"


def comments(site: Site, style: int) -> str:
    """Readers' comments (each with a name and a date) and the comment form."""
    old = ""
    if style % 2:
        d = site.teaser_day(0)
        old = (f"<div{site.cls('comment-item')}><b>Nguyễn Văn Bình</b> - {d} 09:12"
               "<p>Bài viết rất ý nghĩa, cảm ơn tác giả đã chia sẻ thông tin hữu ích.</p></div>")
    form = ('<form action="/binh-luan" method="post"><p>Họ và tên: <input name="ten"></p>'
            '<p>Email: <input name="email"></p><p><textarea name="noidung" rows="4"></textarea></p>'
            '<input type="submit" value="Gửi ý kiến"></form>')
    return site.box("section", "comments", box_title(site, "Ý kiến bạn đọc", style) + old + form)


def footer(site: Site, style: int) -> str:
    """The site's footer: copyright, address, telephone, licence (with its date)."""
    lines = [f"Bản quyền © {site.name}", "Địa chỉ: Số 12 đường Trần Hưng Đạo, phường 1",
             "Điện thoại: 0233.3852.123 - Email: vks@vks.gov.vn",
             "Giấy phép số 12/GP-STTTT ngày 15/3/2019", "Ghi rõ nguồn khi phát hành lại thông tin từ trang này"]
    inner = ("<br>".join(esc(x) for x in lines[: 3 + style % 3]) if style % 2 == 0
             else "".join(f"<p>{esc(x)}</p>" for x in lines[: 3 + style % 3]))
    return site.box("footer", "footer", inner)


def counter(site: Site, style: int) -> str:
    """The site's visit counter."""
    lines = ("Đang truy cập: 27", "Hôm nay: 1.204", "Tháng hiện tại: 35.871", "Tổng lượt truy cập: 2.318.560")
    return site.box("div", "counter", box_title(site, "Thống kê truy cập", style) + "<br>".join(lines[: 2 + style % 3]))


def links(site: Site, style: int) -> str:
    """Links to other sites: a drop-down, or banner images."""
    if style % 2:
        return site.box("div", "weblinks", box_title(site, "Liên kết website", style)
                        + '<select onchange="window.open(this.value)"><option>-- Chọn liên kết --</option>'
                          '<option value="https://vksndtc.gov.vn">VKSND tối cao</option></select>')
    imgs = "".join(f'<a href="https://lienket{i}.gov.vn"><img src="/banners/lk{i}.png" alt="Liên kết {i}"></a>' for i in range(3))
    return site.box("div", "banner-links", imgs)


def documents(site: Site, style: int) -> str:
    """New documents: numbers, subjects and issue dates."""
    items = "".join(f'<li><a href="/van-ban/{i}">{esc(n)}</a> {esc(s)} {site.day.year - 1}<br><i>Ngày ban hành: {site.teaser_day(i + 7)}</i></li>'
                    for i, (n, s) in enumerate(DOCUMENTS[: 2 + style % 3]))
    return site.box("aside", "van-ban", box_title(site, "Văn bản mới", style) + f"<ul>{items}</ul>")


def poll(site: Site, style: int) -> str:
    """A poll."""
    return site.box("div", "poll", box_title(site, "Thăm dò ý kiến", style)
                    + "<p>Bạn thấy giao diện trang thông tin này thế nào?</p>"
                      '<input type="radio" name="p"> Đẹp <input type="radio" name="p"> Bình thường '
                      '<input type="button" value="Biểu quyết">')


def tags(site: Site, style: int) -> str:
    """Keywords of the article."""
    words = ("kiểm sát", "hội nghị", "tổng kết", "cải cách tư pháp")[: 2 + style % 3]
    return f"<div{site.cls('tags')}>Từ khóa: " + ", ".join(f'<a href="/tag/{i}">{esc(w)}</a>' for i, w in enumerate(words)) + "</div>"


@dataclass(frozen=True)
class Kind:
    render: object
    regions: tuple[str, ...]


#: Each chrome kind and the regions it may sit in (the first is where it usually is).
KINDS: dict[str, Kind] = {
    "banner": Kind(banner, ("top",)),
    "menu": Kind(menu, ("top", "left")),
    "search": Kind(search, ("top", "left", "right")),
    "breadcrumb": Kind(breadcrumb, ("before_article", "top")),
    "headlines": Kind(headlines, ("right", "left", "after_article")),
    "related": Kind(related, ("after_body", "after_article")),
    "featured": Kind(featured, ("right", "left", "after_article")),
    "share": Kind(share, ("after_title", "after_body")),
    "views": Kind(views, ("after_title", "after_body")),
    "comments": Kind(comments, ("after_article",)),
    "footer": Kind(footer, ("bottom",)),
    "counter": Kind(counter, ("left", "right", "bottom")),
    "links": Kind(links, ("left", "right", "bottom")),
    "documents": Kind(documents, ("left", "right")),
    "poll": Kind(poll, ("left", "right")),
    "tags": Kind(tags, ("after_body",)),
}
