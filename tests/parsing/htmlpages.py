"""Page builders for the parser tests: a portal-like article page around a content snippet."""

from __future__ import annotations

ORIGIN = "http://127.0.0.1:8000"
ARTICLE_URL = ORIGIN + "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/tin-hoat-dong-vksnd-dia-phuong-d8-t12001.html"
LISTING_URL = ORIGIN + "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"

CHROME_TOP = """
<header class="site-header">
  <div class="banner"><h1 class="logo">CỔNG THÔNG TIN ĐIỆN TỬ</h1>
  <p>VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO</p><p>The Supreme People’s Procuracy of Viet Nam</p>
  <div class="top-date">Hôm nay: Thứ tư, 22/01/2025</div></div>
  <ul class="main-menu"><li><a href="/">Trang chủ</a></li>
  <li><a href="/tin-tuc/cong-tac-kiem-sat">Công tác kiểm sát</a></li></ul>
  <form class="search-box"><input name="q"><button>Tìm kiếm</button></form>
</header>
"""
CHROME_BOTTOM = """
<div class="box-related"><h3>Tin liên quan</h3><ul>
 <li><a href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/khac-d8-t11000.html">Tin khác cùng chuyên mục rất dài để giống một đoạn văn bản</a> (20/11/2023)</li>
</ul></div>
<div class="sidebar"><h3>Đọc nhiều</h3><p>Một đoạn văn bản dài ở cột bên, không thuộc bài viết này chút nào, dài hơn hai mươi ký tự.</p></div>
<footer><p>Bản quyền thuộc Viện kiểm sát nhân dân tối cao. Địa chỉ: 44 Lý Thường Kiệt, Hà Nội.</p><p>Tìm kiếm</p></footer>
"""

PORTAL = dict(title="h1.title-detail", date="div.date-detail", sapo="div.sapo", content="div.content-detail", crumb="ul.breadcrumb")
# the same page with every portal class renamed (unseen markup)
RENAMED = dict(title="h1.article-title", date="span.time", sapo="div.lead", content="div.detail-content", crumb="ol.crumbs")


def _tag(spec: str, inner: str) -> str:
    tag, _, cls = spec.partition(".")
    attr = f' class="{cls}"' if cls else ""
    return f"<{tag}{attr}>{inner}</{tag}>"


def make_page(
    content: str = "<p>Một đoạn nội dung của bài viết, đủ dài để là một đoạn văn.</p>",
    title: str | None = "Tin hoạt động VKSND địa phương Cao Bằng – Hà Tĩnh – Cần Thơ",
    date: str | None = "28/11/2023",
    sapo: str | None = None,
    crumbs: list[str] | None = ("Trang chủ", "Tin tức", "Tin hoạt động VKSND địa phương"),
    head: str = "",
    layout: dict = PORTAL,
    html_title: str | None = None,
    charset: str = "utf-8",
    tools: bool = True,
) -> str:
    parts = [f'<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}">']
    if html_title is None and title:
        html_title = f"{title} - VKSND tối cao"
    if html_title:
        parts.append(f"<title>{html_title}</title>")
    parts.append(head)
    parts.append("</head><body>")
    parts.append(CHROME_TOP)
    parts.append('<div class="container"><div class="main-col">')
    if crumbs:
        lis = "".join(f'<li><a href="/x{i}">{c}</a></li>' for i, c in enumerate(crumbs))
        parts.append(_tag(layout["crumb"], lis))
    if title is not None:
        parts.append(_tag(layout["title"], title))
    if date is not None:
        parts.append(_tag(layout["date"], date))
    if tools:
        parts.append('<div class="tool-bar">Cỡ chữ: <a>A-</a> <a>A+</a> Tương phản</div>')
    if sapo is not None:
        parts.append(_tag(layout["sapo"], sapo))
    parts.append(_tag(layout["content"], content))
    parts.append("</div>")
    parts.append(CHROME_BOTTOM)
    parts.append("</div></body></html>")
    return "\n".join(parts)
