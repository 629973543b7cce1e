"""The article's own parts, each a small function of the source article and a style: the title,
the date line, the summary, a body paragraph, an image block with its caption, the author line.

Every style is one a real CMS prints and a reader can tell at a glance: the title is a heading
or set large and bold, the summary is set apart (a lead box, bold or italic), a caption sits in
the image's own box or right under it in italics or centred, the author line closes the article
(right-aligned, bold, or labelled ``Tác giả:``).
"""

from __future__ import annotations

from html import escape as esc

from .source import Paragraph, Picture

# -- title ----------------------------------------------------------------------------------------

TITLES = ("h1", "h1_class", "h2", "h3", "div_class", "span_label", "p_strong", "td_bold", "h1_link",
          "h2_link", "font_big")


def title_html(title: str, style: str, self_url: str) -> str:
    t = esc(title)
    return {
        "h1": f"<h1>{t}</h1>",
        "h1_class": f'<h1 class="post-title entry-title">{t}</h1>',
        "h2": f"<h2>{t}</h2>",
        "h3": f'<h3 class="tieude">{t}</h3>',
        "div_class": f'<div class="news-title" style="font-size:20px;font-weight:bold">{t}</div>',
        "span_label": f'<span id="ctl00_ContentPlaceHolder1_lblTitle" class="tieu-de-tin">{t}</span><br>',
        "p_strong": f'<p style="font-size:18pt"><strong>{t}</strong></p>',
        "td_bold": f'<table width="100%"><tr><td class="td-title"><b><font size="4">{t}</font></b></td></tr></table>',
        "h1_link": f'<h1><a href="{esc(self_url)}">{t}</a></h1>',
        "h2_link": f'<h2 class="contentheading"><a href="{esc(self_url)}" class="contentpagetitle">{t}</a></h2>',
        "font_big": f'<font face="Arial" size="4" color="#990000"><b>{t}</b></font><br>',
    }[style]


# -- date -----------------------------------------------------------------------------------------

DATE_TAGS = ("span", "div_class", "p_em", "font", "time", "div_opaque")


def date_html(text: str, tag: str, iso: str) -> str:
    t = esc(text)
    return {
        "span": f'<span class="date">{t}</span>',
        "div_class": f'<div class="ngay-dang">{t}</div>',
        "p_em": f"<p><em>{t}</em></p>",
        "font": f'<font size="1" color="#999999"><i>{t}</i></font><br>',
        "time": f'<time datetime="{esc(iso)}">{t}</time>',
        "div_opaque": f'<div class="f11 text-muted">{t}</div>',
    }[tag]


def date_row_html(text: str, label: bool) -> str:
    """The date in an info table's row (a label cell, the date cell), with the view count."""
    head = "<td>Ngày đăng:</td>" if label else ""
    return (f'<table class="thongtin" border="0"><tr>{head}<td>{esc(text)}</td></tr>'
            "<tr><td>Lượt xem:</td><td>245</td></tr></table>")


# -- summary --------------------------------------------------------------------------------------

SUMMARIES = ("div_class", "div_bold", "p_bold", "td", "h2_class", "p_em_bold", "div_em_class")
#: Styles printed as the content's first paragraph (inside the content element).
SUMMARY_IN_CONTENT = {"p_bold", "p_em_bold"}


def summary_html(summary: str, style: str) -> str:
    s = esc(summary)
    return {
        "div_class": f'<div class="news-lead"><strong>{s}</strong></div>',
        "div_bold": f'<div style="font-weight:bold;margin:10px 0">{s}</div>',
        "p_bold": f"<p><strong>{s}</strong></p>",
        "td": f'<table width="100%" cellpadding="4"><tr><td class="mota"><b>{s}</b></td></tr></table>',
        "h2_class": f'<h2 class="desc">{s}</h2>',
        "p_em_bold": f"<p><em><strong>{s}</strong></em></p>",
        "div_em_class": f'<div class="trich-yeu"><em>{s}</em></div>',
    }[style]


# -- body paragraphs ------------------------------------------------------------------------------

PARAGRAPHS = ("p", "p_justify", "div", "mso", "font")
UNITS = ("strong", "b", "span_bold", "plain", "strong_em")


def paragraph_html(p: Paragraph, style: str, unit_style: str) -> str:
    if p.unit and unit_style != "plain":
        u = esc(p.unit + ":")
        u = {"strong": f"<strong>{u}</strong>", "b": f"<b>{u}</b>",
             "span_bold": f'<span style="font-weight: bold;">{u}</span>',
             "strong_em": f"<strong><em>{u}</em></strong>"}[unit_style]
        inner = f"{u} {esc(p.rest)}"
    else:
        inner = esc(p.text)
    return {
        "p": f"<p>{inner}</p>",
        "p_justify": f'<p style="text-align: justify;">{inner}</p>',
        "div": f"<div>{inner}</div>",
        "mso": ('<p class="MsoNormal" style="text-align:justify;text-indent:36.0pt"><span style="font-size:14.0pt;'
                f'line-height:115%;font-family:&quot;Times New Roman&quot;,serif">{inner}</span></p>'),
        "font": f'<p align="justify"><font face="Arial" size="2">{inner}</font></p>',
    }[style]


# -- images ---------------------------------------------------------------------------------------

IMAGES = ("p_after", "same_p", "figure_after", "figure_before", "table_after", "table_before",
          "table_beside", "div_after", "div_before", "div_beside")
CAPTIONS = ("em", "i", "center", "class", "font")


def image_html(pic: Picture, src: str, style: str, cap_style: str) -> str:
    c = esc(pic.caption) if pic.caption else None
    alt = c if (c and cap_style == "class") else ""
    img = f'<img src="{esc(src)}" alt="{alt}" style="max-width:100%">'

    def styled(tag: str) -> str:  # the caption's text in the style drawn, in an element `tag`
        inner = {"em": f"<em>{c}</em>", "i": f"<i>{c}</i>", "center": c, "class": c,
                 "font": f'<font size="2"><i>{c}</i></font>'}[cap_style]
        attr = {"center": ' style="text-align:center"', "class": ' class="image-caption"'}.get(cap_style, ' style="text-align:center"')
        return f"<{tag}{attr}>{inner}</{tag}>"

    if style == "p_after":
        return f'<p style="text-align:center">{img}</p>' + (styled("p") if c else "")
    if style == "same_p":
        return f'<p style="text-align:center">{img}' + (f"<br><em>{c}</em>" if c else "") + "</p>"
    if style in ("figure_after", "figure_before"):
        cap = f"<figcaption>{c}</figcaption>" if c else ""
        inner = img + cap if style == "figure_after" else cap + img
        return f'<figure class="image">{inner}</figure>'
    if style in ("table_after", "table_before"):
        rows = [f"<tr><td>{img}</td></tr>"] + ([f"<tr><td>{styled('span')}</td></tr>"] if c else [])
        if style == "table_before":
            rows.reverse()
        return '<table align="center" border="0" cellpadding="3" cellspacing="0"><tbody>' + "".join(rows) + "</tbody></table>"
    if style == "table_beside":
        cap = f'<td valign="middle" width="40%">{styled("span")}</td>' if c else ""
        return f'<table border="0" cellpadding="5" width="100%"><tr><td width="60%">{img}</td>{cap}</tr></table>'
    if style in ("div_after", "div_before"):
        cap = styled("div") if c else ""
        inner = img + cap if style == "div_after" else cap + img
        return f'<div class="pic-box">{inner}</div>'
    if style == "div_beside":
        cap = f'<div style="float:right;width:38%">{styled("p")}</div>' if c else ""
        return f'<div style="overflow:hidden"><div style="float:left;width:60%">{img}</div>{cap}</div>'
    raise ValueError(style)


# -- author ---------------------------------------------------------------------------------------

AUTHORS = ("right_style", "right_attr", "right_class", "right_em", "bold", "plain", "div_right")
LABELLED_AUTHORS = ("label_right", "label_after", "label_bold")
AUTHOR_LABELS = ("Tác giả: ", "Tác giả bài viết: ", "Người viết: ")


def author_html(author: str, style: str, label: str = "") -> str:
    a = esc(author)
    lab = esc(label)
    return {
        "right_style": f'<p style="text-align: right;"><strong>{a}</strong></p>',
        "right_attr": f'<p align="right"><b>{a}</b></p>',
        "right_class": f'<p class="text-right">{a}</p>',
        "right_em": f'<p style="text-align:right"><em>{a}</em></p>',
        "bold": f"<p><strong>{a}</strong></p>",
        "plain": f"<p>{a}</p>",
        "div_right": f'<div style="text-align:right"><b>{a}</b></div>',
        "label_right": f'<p style="text-align:right"><b>{lab}</b>{a}</p>',
        "label_after": f'<div class="tac-gia">{lab}{a}</div>',
        "label_bold": f"<p><strong>{lab}{a}</strong></p>",
    }[style]
