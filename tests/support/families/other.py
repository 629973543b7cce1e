"""Liferay portlets (common on ``gov.vn``), an early-2000s table layout, a bare print view, AMP."""

from __future__ import annotations

import json

from .base import Article, Chrome, Rendered, body_html, esc


def liferay(a: Article) -> Rendered:
    """Liferay 6.2 portal page: breadcrumb and asset-publisher portlets, the title in the portlet's
    ``h1.header-title`` after a ``« Quay lại`` link, the date ``Ngày 5 tháng 3 năm 2024``, the lead
    in ``p.tomtat``, images with their caption in the same paragraph, ratings and related assets
    after the article."""
    site = "Viện kiểm sát nhân dân thành phố Hải Phòng"
    c = Chrome(site)
    date = a.date_text("long_vn")
    lead = f'<p class="tomtat"><strong>{esc(a.summary)}</strong></p>' if a.summary else ""
    page = f"""<!DOCTYPE html>
<html class="aui ltr" dir="ltr" lang="vi-VN">
<head><title>{esc(a.title)} - Tin tức - {esc(site)}</title>
<meta content="text/html; charset=UTF-8" http-equiv="content-type" />{a.canonical_tag()}
<link href="/html/themes/classic/css/main.css?browserId=other&amp;themeId=classic&amp;languageId=vi_VN" rel="stylesheet" type="text/css" />
<script type="text/javascript">var themeDisplay = {{getLanguageId: function() {{ return "vi_VN"; }}}};</script>
</head>
<body class="controls-visible yui3-skin-sam guest-site signed-out public-page site">
<a href="#main-content" id="skip-to-content">{c("Chuyển đến nội dung chính")}</a>
<div class="container-fluid" id="wrapper">
<header id="banner" role="banner"><div id="heading"><h1 class="site-title"><a class="logo custom-logo" href="/web/guest" title="Đi đến {esc(site)}"><img alt="{esc(site)}" height="90" src="/image/company_logo?img_id=1" width="960" /></a> <span class="site-name" title="Đi đến {esc(site)}">{c(site)}</span></h1><h2 class="page-title"><span>{c("Tin tức")}</span></h2></div>
<nav class="sort-pages modify-pages" id="navigation" role="navigation"><ul aria-label="Trang web" role="menubar">{c.menu_items(li='<li role="presentation">')}</ul></nav></header>
<div id="content"><div class="columns-2" id="main-content" role="main"><div class="portlet-layout row-fluid">
<div class="portlet-column portlet-column-first span8" id="column-1"><div class="portlet-dropzone portlet-column-content portlet-column-content-first" id="layout-column_column-1">
<div class="portlet-boundary portlet-boundary_73_ portlet-static portlet-static-end portlet-borderless portlet-breadcrumb" id="p_p_id_73_INSTANCE_abc_"><section class="portlet" id="portlet_73_INSTANCE_abc"><div class="portlet-content"><div class="portlet-body">
 <ul aria-label="Breadcrumb" class="breadcrumb breadcrumb-horizontal"><li class="first"><a href="/web/guest">{c("Trang chủ")}</a><span class="divider">/</span></li><li><a href="/web/guest/tin-tuc">Tin tức</a><span class="divider">/</span></li><li class="active last"><a href="/web/guest/tin-tuc/tin-hoat-dong">{esc(a.category)}</a></li></ul>
</div></div></section></div>
<div class="portlet-boundary portlet-boundary_101_ portlet-static portlet-static-end portlet-asset-publisher" id="p_p_id_101_INSTANCE_xyz_"><section class="portlet" id="portlet_101_INSTANCE_xyz">
<header class="portlet-topper"><h2 class="portlet-title"><span class="portlet-title-text">{c("Hoạt động của ngành")}</span></h2></header>
<div class="portlet-content"><div class="portlet-content-container"><div class="portlet-body">
 <div class="taglib-header"><span class="back-to"><a href="/web/guest/tin-tuc" id="_101_INSTANCE_xyz_TabsBack">{c("« Quay lại")}</a></span><h1 class="header-title"><span>{esc(a.title)}</span></h1></div>
 <div class="asset-full-content clearfix default-asset-publisher no-title"><div class="asset-content" id="_101_INSTANCE_xyz_{a.article_id}">
  <div class="journal-content-article">
   <p class="ngay-dang"><em>{esc(date)}</em></p>
   {lead}
   {body_html(a, "same_p", author="em_right")}
  </div>
  <div class="asset-ratings"><div class="taglib-ratings stars"><div class="liferay-rating-vote"><div class="rating-label">{c("Đánh giá của bạn")}</div></div></div></div>
 </div>
 <div class="asset-links"><h2 class="asset-links-title">{c("Tin liên quan")}</h2><ul class="asset-links-list">{c.headlines(a, portal_links=True, count=3)}</ul></div></div>
</div></div></div></section></div>
</div></div>
<div class="portlet-column portlet-column-last span4" id="column-2"><div class="portlet-dropzone" id="layout-column_column-2">
<div class="portlet-boundary portlet-asset-publisher"><section class="portlet"><header class="portlet-topper"><h2 class="portlet-title"><span class="portlet-title-text">{c("Tin mới")}</span></h2></header><div class="portlet-content"><ul class="title-list">{c.headlines(a)}</ul></div></section></div>
<div class="portlet-boundary"><section class="portlet"><div class="portlet-content"><div class="thong-ke">{c.counters()}</div></div></section></div>
</div></div>
</div></div></div>
<footer id="footer" role="contentinfo"><p class="powered-by">{"<br />".join(c.footer_lines())}</p></footer>
</div>
</body>
</html>"""
    return Rendered("liferay", a, page, c.texts, False)


def tables2000(a: Article) -> Rendered:
    """A site of the early 2000s: nested layout tables, ``<font>`` tags, the title in
    ``<font size=4><b>``, ``<title>`` the site name only, an unmarked ``»`` breadcrumb line, the
    date ``Cập nhật: 08:15 | 05/03/2024``, ``Các tin khác:`` and ``[In trang] [Quay lại]`` after
    the article."""
    site = "VIỆN KIỂM SÁT NHÂN DÂN TỈNH SÓC TRĂNG"
    c = Chrome(site)
    date = a.date_text("updated" if a.index % 2 else "dmy_dash")
    others = "".join(f'<tr><td><font face="Arial" size="2">&#8226; <a href="/tintuc_chitiet.asp?id={8000 + k}">{c(t)}</a> <font size="1" color="#999999">({c(d)})</font></font></td></tr>'
                     for k, (t, _p, d) in enumerate(a.others[:4]))
    page = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(site)}</title>
<script language="JavaScript">function MM_openBrWindow(theURL,winName,features) {{ window.open(theURL,winName,features); }}</script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="780" border="0" cellpadding="0" cellspacing="0" align="center">
<tr><td colspan="3"><img src="/images/banner.gif" width="780" height="120" alt="{esc(site)}"></td></tr>
<tr><td colspan="3" bgcolor="#990000" height="24"><font color="#FFFFFF" face="Arial" size="2"><b>&nbsp;{" | ".join(f'<a href="/{i}.asp"><font color="#FFFFFF">{c(t)}</font></a>' for i, t in enumerate(Chrome.MENU))}</b></font></td></tr>
<tr>
<td width="170" valign="top" bgcolor="#F0F0F0">
 <table width="100%" cellpadding="3"><tr><td bgcolor="#CC0000"><font color="#FFFFFF" size="2"><b>{c("TIN MỚI")}</b></font></td></tr>{others}
 <tr><td><font size="1">{c("Số người truy cập: 0123456")}</font></td></tr></table>
</td>
<td width="440" valign="top">
 <table width="100%" border="0" cellpadding="5" cellspacing="0"><tr><td>
 <font face="Arial" size="2" color="#666666"><a href="/">{c("Trang chủ")}</a> &raquo; <a href="/tintuc.asp">Tin tức</a> &raquo; <a href="/tintuc.asp?cat=8">{esc(a.category)}</a></font><br><br>
 <font face="Arial" size="4" color="#990000"><b>{esc(a.title)}</b></font><br>
 <font face="Arial" size="1" color="#999999"><i>{esc(date)}</i></font>
 {body_html(a, "old_attr", author="right_attr", lead="b_font", p='<p align="justify"><font face="Arial" size="2">', p_close="</font></p>")}
 <p><font face="Arial" size="2"><b>{c("Các tin khác:")}</b></font></p>
 <ul>{c.headlines(a, item='<li><a href="{path}"><font size="2">{title}</font></a> <font size="1">({date})</font></li>', count=3)}</ul>
 <p align="right"><font size="2"><a href="javascript:window.print()">{c("[In trang]")}</a> <a href="javascript:history.back()">{c("[Quay lại]")}</a></font></p>
 </td></tr></table>
</td>
<td width="170" valign="top" bgcolor="#F0F0F0"><font size="2"><b>{c("Liên kết website")}</b></font><br>
 <select onchange="MM_openBrWindow(this.value,'','')"><option>{c("-- Liên kết --")}</option><option value="http://www.vksndtc.gov.vn">VKSND tối cao</option></select><br><br>
 <font size="2"><b>{c("Thăm dò ý kiến")}</b></font><br><font size="2">{c("Bạn thấy trang thông tin này thế nào?")}</font></td>
</tr>
<tr><td colspan="3" align="center" bgcolor="#990000"><font color="#FFFFFF" size="1">{"<br>".join(c.footer_lines())}</font></td></tr>
</table>
</body>
</html>"""
    return Rendered("tables2000", a, page, c.texts, a.time is not None, names_url=False)


def printview(a: Article) -> Rendered:
    """A bare "print this article" view: no class anywhere, ``<title>`` a generic label, the
    title a bold paragraph or an ``h3``, the date ``Ngày 5 tháng 3 năm 2024`` or ``dd/mm/yyyy``,
    the category as ``Chuyên mục: ...``, print and close links after the article."""
    site = "Viện kiểm sát nhân dân tỉnh Bình Định"
    c = Chrome(site)
    date = a.date_text("long_vn" if a.index % 2 else "dmy_time")
    title = f"<h3>{esc(a.title)}</h3>" if a.index % 2 else f'<p style="font-size:16pt"><b>{esc(a.title)}</b></p>'
    page = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{c("In bài viết")}</title>
<style>body {{ font-family: Times New Roman; font-size: 13pt; margin: 20px 40px; }}</style>
</head>
<body onload="window.print()">
<div><img src="/images/logo-print.png" alt=""> <b>{c(site.upper())}</b></div>
<hr>
{title}
<p><i>{esc(date)}</i></p>
<p>Chuyên mục: {esc(a.category)}</p>
{body_html(a, "old", author="right", lead="bold")}
<hr>
<div>{c(f"© {site}")}</div>
<p><a href="javascript:window.print()">{c("In bài")}</a> | <a href="javascript:window.close()">{c("Đóng cửa sổ")}</a></p>
</body>
</html>"""
    shows = a.index % 2 == 0 and a.time is not None
    return Rendered("printview", a, page, c.texts, shows, names_url=False)


def amp(a: Article) -> Rendered:
    """An AMP page: ``amp-img`` instead of ``img``, no inline style (classes align the author),
    JSON-LD ``NewsArticle``, an ``amp-sidebar`` menu, social share and analytics elements."""
    site = "Báo Bảo vệ pháp luật"
    c = Chrome(site)
    ld = {"@context": "http://schema.org", "@type": "NewsArticle", "mainEntityOfPage": a.page_url(),
          "headline": a.title, "datePublished": a.iso(), "dateModified": a.iso(),
          "author": {"@type": "Person", "name": a.author or site},
          "publisher": {"@type": "Organization", "name": site, "logo": {"@type": "ImageObject", "url": "/logo.png"}},
          "description": a.summary or a.title}
    sapo = f'<p class="amp-sapo"><strong>{esc(a.summary)}</strong></p>' if a.summary else ""
    page = f"""<!doctype html>
<html ⚡ lang="vi">
<head><meta charset="utf-8"><script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-sidebar" src="https://cdn.ampproject.org/v0/amp-sidebar-0.1.js"></script>
<title>{esc(a.title)} | {esc(site)}</title>
{a.canonical_tag()}
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<style amp-boilerplate>body{{-webkit-animation:-amp-start 8s steps(1,end) 0s 1 normal both;animation:-amp-start 8s steps(1,end) 0s 1 normal both}}</style><noscript><style amp-boilerplate>body{{-webkit-animation:none;animation:none}}</style></noscript>
<style amp-custom>.text-right{{text-align:right}} .amp-title{{font-size:24px}}</style>
</head>
<body>
<amp-sidebar id="sidebar" layout="nodisplay" side="left"><ul>{c.menu_items()}</ul></amp-sidebar>
<header class="amp-header"><button on="tap:sidebar.toggle" class="menu-btn">☰</button><a href="/" class="amp-logo"><amp-img src="/logo.png" width="200" height="40" layout="fixed" alt="{esc(site)}"></amp-img></a></header>
<main><article class="amp-article">
<div class="amp-breadcrumb"><a href="/">{c("Trang chủ")}</a> › <a href="/tin-tuc">Tin tức</a> › <a href="/tin-tuc/tin-hoat-dong">{esc(a.category)}</a></div>
<h1 class="amp-title">{esc(a.title)}</h1>
<div class="amp-meta"><time datetime="{a.iso()}">{esc(a.date_text("dmy_time"))}</time> <span class="amp-views">{c("1.245 lượt xem")}</span></div>
{sapo}
<div class="amp-body">{body_html(a, "figure", author="right_class", figure_class="amp-figure", img_tag="amp-img")}</div>
<div class="amp-related"><h3>{c("Tin liên quan")}</h3><ul>{c.headlines(a, portal_links=True, count=3)}</ul></div>
<amp-social-share type="facebook" width="40" height="40"></amp-social-share>
</article></main>
<footer class="amp-footer"><p>{"<br>".join(c.footer_lines())}</p></footer>
<amp-analytics type="gtag" data-credentials="include"><script type="application/json">{{"vars": {{"gtag_id": "G-XXXX"}}}}</script></amp-analytics>
</body>
</html>"""
    return Rendered("amp", a, page, c.texts, a.time is not None)
