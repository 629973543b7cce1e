"""PHP CMS families: NukeViet (many provincial procuracy sites), Joomla, WordPress, Drupal."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from .base import Article, Chrome, Rendered, body_html, esc


def nukeviet(a: Article) -> Rendered:
    """NukeViet 4's news module: ``h1.title``, ``span.h5`` date ``Thứ ba - 05/03/2024 08:15``,
    the lead in ``div.hometext`` next to a thumbnail, the body in ``#news-bodyhtml``, the author
    after the body as ``Tác giả bài viết: ...``, then keyword, rating and other-news panels."""
    site = "Viện kiểm sát nhân dân tỉnh Nghệ An"
    c = Chrome(site)
    date = a.date_text("nukeviet")
    crumbs = "".join(
        f'<li itemprop="itemListElement" itemscope itemtype="http://schema.org/ListItem"><a href="{h}" itemprop="item" title="{esc(t)}"><span itemprop="name">{esc(t) if t == a.category else c(t)}</span></a><i class="hidden" itemprop="position" content="{i + 1}"></i></li>'
        for i, (t, h) in enumerate((("Trang nhất", "/"), ("Tin Tức", "/news/"), (a.category, "/news/tin-hoat-dong/"))))
    hometext = (f'<div class="clearfix"><figure class="article left pointer"><img alt="{esc(a.title)}" src="/assets/news/2024_03/thumb-{a.article_id}.jpg" width="140" class="img-thumbnail"></figure>'
                f'<div class="hometext m-bottom" itemprop="description">{esc(a.summary)}</div></div>') if a.summary else ""
    author = (f'<div class="margin-bottom-lg"><p class="h5 text-right"><strong>Tác giả bài viết: </strong>{esc(a.author)}</p>'
              f'<p class="h5 text-right"><strong>{c("Nguồn tin: ")}</strong>{c("vksnghean.gov.vn")}</p></div>') if a.author else ""
    images = ["table", "figure"] if a.index % 2 else ["figure", "old"]
    page = f"""<!DOCTYPE html>
<html lang="vi" xmlns="http://www.w3.org/1999/xhtml" prefix="og: http://ogp.me/ns#">
<head><title>{esc(a.title)} - {esc(site)}</title>
<meta name="description" content="{esc(a.summary or a.title)}">
<meta name="generator" content="NukeViet v4.5">
<meta property="og:title" content="{esc(a.title)}">
<meta property="og:type" content="article">
<meta property="og:description" content="{esc(a.summary or a.title)}">
<meta property="og:site_name" content="{esc(site)}">
<meta property="og:url" content="https://vksnghean.gov.vn/news/tin-hoat-dong/bai-viet-{a.article_id}.html">
{a.canonical_tag()}
<link rel="StyleSheet" href="/themes/default/css/nukeviet.css">
<script data-show="inline" type="text/javascript">var nv_base_siteurl="/",nv_lang_data="vi",nv_check_pass_mstime=1738000;</script>
</head>
<body>
<noscript><div class="alert alert-danger">{c("Trình duyệt của bạn đã tắt chức năng hỗ trợ JavaScript.")}</div></noscript>
<div class="body-bg"><div class="wraper">
<header><div class="container"><div id="header" class="row"><div class="logo col-xs-24 col-sm-24 col-md-8"><a title="{esc(site)}" href="/"><img src="/uploads/logo.png" alt="{esc(site)}"></a><h1>{c(site)}</h1><h2>{c("Trang thông tin điện tử")}</h2></div></div></div></header>
<nav class="second-nav" id="menusite"><div class="container"><div class="row"><div class="bg box-shadow"><ul class="nav navbar-nav">{c.menu_items()}</ul></div></div></div></nav>
<nav class="third-nav"><div class="container"><div class="row"><div class="bg"><div class="clearfix"><div class="col-xs-24 col-sm-18 col-md-18">
 <div class="breadcrumbs-wrap"><div class="display"><a class="show-subs-breadcrumbs hidden" href="#"><span class="fa fa-arrow-circle-right"></span></a><ul class="breadcrumbs list-none"></ul></div>
 <ul class="subs-breadcrumbs"></ul><ul class="temp-breadcrumbs hidden" itemscope itemtype="http://schema.org/BreadcrumbList">{crumbs}</ul></div></div>
 <div class="headerSearch col-xs-24 col-sm-6 col-md-6"><div class="input-group"><input type="text" class="form-control" maxlength="60" placeholder="Tìm kiếm..."><span class="input-group-btn"><button type="button" class="btn btn-info">{c("Tìm kiếm")}</button></span></div></div>
</div></div></div></div></nav>
<section><div class="container" id="body"><div class="row">
<div class="col-sm-16 col-md-18">
<div class="news_column panel panel-default" itemtype="http://schema.org/NewsArticle" itemscope>
 <div class="panel-body">
  <h1 class="title margin-bottom-lg" itemprop="headline">{esc(a.title)}</h1>
  <div class="row margin-bottom-lg"><div class="col-md-12"><span class="h5">{esc(date)}</span></div>
   <div class="col-md-12"><ul class="list-inline text-right"><li><a class="dimgray" rel="nofollow" title="{c("Gửi bài viết qua email")}" href="#"><em class="fa fa-envelope fa-lg">&nbsp;</em></a></li><li><a class="dimgray" rel="nofollow" title="{c("In ra")}" href="#"><em class="fa fa-print fa-lg">&nbsp;</em></a></li></ul></div></div>
  {hometext}
  <div id="news-bodyhtml" class="bodytext margin-bottom-lg">{body_html(a, images, author=None)}</div>
  {author}
 </div>
</div>
<div class="news_column panel panel-default"><div class="panel-body"><div class="h5"><em class="fa fa-tags">&nbsp;</em><strong>{c("Từ khóa: ")}</strong><span><a href="/news/tag/vksnd/">{c("viện kiểm sát")}</a>, <a href="/news/tag/hoi-nghi/">{c("hội nghị tổng kết")}</a></span></div></div></div>
<div class="news_column panel panel-default"><div class="panel-body"><form id="form3B" action="#" method="post"><div class="h5 clearfix"><p>{c("Tổng số điểm của bài viết là: 0 trong 0 đánh giá")}</p><div class="star-rating"></div></div></form></div></div>
<div class="news_column panel panel-default"><div class="panel-body other-news">
 <p class="h3"><strong>{c("Những tin mới hơn")}</strong></p><div class="clearfix"><ul class="related list-items">{c.headlines(a, item='<li><em class="fa fa-angle-right">&nbsp;</em><a href="{path}" title="{title}">{title}</a><em>({date})</em></li>', count=3)}</ul></div>
 <p class="h3"><strong>{c("Những tin cũ hơn")}</strong></p><div class="clearfix"><ul class="related list-items">{c.headlines(a, item='<li><em class="fa fa-angle-right">&nbsp;</em><a href="{path}" title="{title}">{title}</a><em>({date})</em></li>', portal_links=True)}</ul></div>
</div></div>
</div>
<div class="col-sm-8 col-md-6"><div class="panel panel-primary"><div class="panel-heading">{c("Tin mới nhất")}</div><div class="panel-body"><ul>{c.headlines(a)}</ul></div></div>
<div class="panel panel-default"><div class="panel-heading">{c("Thống kê truy cập")}</div><div class="panel-body"><ul class="counter list-none"><li>{c.counters(sep="</li><li>")}</li></ul></div></div></div>
</div></div></section>
<footer id="footer"><div class="wraper"><div class="container"><div class="row"><div class="col-xs-24">{"<br>".join(c.footer_lines())}</div></div></div></div></footer>
</div></div>
</body>
</html>"""
    return Rendered("nukeviet", a, page, c.texts, a.time is not None)


def joomla(a: Article) -> Rendered:
    """Joomla 3 ``com_content``: ``h2[itemprop=headline]``, ``dl.article-info`` with a
    ``<time datetime>`` (ISO, the visible text ``Ngày đăng: 05/03/2024``), the body in
    ``[itemprop=articleBody]`` with the lead as a bold italic first paragraph, a hit counter."""
    site = "VKSND tỉnh Bắc Ninh"
    c = Chrome(site)
    date = a.date_text("posted" if a.index % 2 else "dmy")
    crumbs = (f'<li>{c("Bạn đang ở:")} &#160;</li><li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/" class="pathway"><span itemprop="name">{c("Trang chủ")}</span></a><span class="divider"> / </span></li>'
              f'<li itemprop="itemListElement"><a itemprop="item" href="/tin-tuc" class="pathway"><span itemprop="name">Tin tức</span></a><span class="divider"> / </span></li>'
              f'<li class="active" itemprop="itemListElement"><span itemprop="name">{esc(a.category)}</span></li>')
    page = f"""<!DOCTYPE html>
<html lang="vi-vn" dir="ltr">
<head><meta charset="utf-8" />
<meta name="generator" content="Joomla! - Open Source Content Management" />
<title>{esc(a.title)}</title>{a.canonical_tag()}
<link href="/templates/protostar/css/template.css" rel="stylesheet" />
<script src="/media/jui/js/jquery.min.js"></script>
</head>
<body class="site com_content view-article no-layout no-task itemid-135">
<div class="body" id="top"><div class="container">
<header class="header" role="banner"><div class="header-inner clearfix"><a class="brand pull-left" href="/"><span class="site-title" title="{esc(site)}">{c(site)}</span></a>
 <div class="header-search pull-right"><div class="search"><form action="/" method="post" class="form-inline" role="search"><label for="mod-search-searchword" class="element-invisible">{c("Tìm kiếm")}</label> <input name="searchword" id="mod-search-searchword" maxlength="200" class="inputbox search-query input-medium" type="search" placeholder="Tìm kiếm..." /></form></div></div></div></header>
<nav class="navigation" role="navigation"><ul class="nav menu nav-pills mod-list">{c.menu_items(li='<li class="item-101">')}</ul></nav>
<div aria-label="Breadcrumbs" role="navigation"><ul itemscope itemtype="https://schema.org/BreadcrumbList" class="breadcrumb">{crumbs}</ul></div>
<div class="row-fluid">
<main id="content" role="main" class="span9">
<div id="system-message-container"></div>
<div class="item-page" itemscope itemtype="https://schema.org/Article"><meta itemprop="inLanguage" content="vi-VN" />
 <div class="page-header"><h2 itemprop="headline">{esc(a.title)}</h2></div>
 <div class="icons"><div class="btn-group pull-right"><button class="btn dropdown-toggle" type="button" data-toggle="dropdown"><span class="icon-cog"></span><span class="caret"></span></button>
  <ul class="dropdown-menu"><li class="print-icon"><a href="#" title="{c("In bài viết")}" rel="nofollow">{c("In")}</a></li><li class="email-icon"><a href="#" rel="nofollow">{c("Email")}</a></li></ul></div></div>
 <dl class="article-info muted"><dt class="article-info-term">{c("Chi tiết")}</dt>
  <dd class="category-name"><span class="icon-folder-open icon-fw"></span> {c("Danh mục:")} <a href="/tin-tuc/tin-hoat-dong" itemprop="genre">{esc(a.category)}</a></dd>
  <dd class="published"><span class="icon-calendar icon-fw"></span><time datetime="{a.iso()}" itemprop="datePublished">{esc(date)}</time></dd>
  <dd class="hits"><span class="icon-eye-open"></span><meta itemprop="interactionCount" content="UserPageVisits:1024" />{c("Lượt xem: 1024")}</dd></dl>
 <div itemprop="articleBody">{body_html(a, "old", author="right", lead="bold_em")}</div>
 <ul class="pager pagenav"><li class="previous"><a class="hasTooltip" title="{esc(a.others[0][0])}" href="/tin-tuc/tin-hoat-dong/1-truoc" rel="prev"><span class="icon-chevron-left"></span> {c("Trước")}</a></li><li class="next"><a href="/tin-tuc/tin-hoat-dong/2-sau" rel="next">{c("Tiếp")} <span class="icon-chevron-right"></span></a></li></ul>
</div>
</main>
<div id="aside" class="span3"><div class="moduletable"><h3>{c("Tin mới")}</h3><ul class="latestnews mod-list">{c.headlines(a, item='<li itemscope itemtype="https://schema.org/Article"><a href="{path}" itemprop="url"><span itemprop="name">{title}</span></a> {date}</li>')}</ul></div>
<div class="moduletable"><h3>{c("Thống kê truy cập")}</h3><div class="mod_vvisit_counter">{c.counters()}</div></div></div>
</div></div></div>
<footer class="footer" role="contentinfo"><div class="container"><hr /><p class="pull-right"><a href="#top" id="back-top">{c("Lên đầu trang")}</a></p><p>{"<br/>".join(c.footer_lines())}</p></div></footer>
</body>
</html>"""
    return Rendered("joomla", a, page, c.texts, a.time is not None)


def _utc(a: Article) -> str:
    """WordPress writes ``article:published_time`` in UTC (a bare date when no time is known)."""
    if a.time is None:
        return a.published
    return datetime.fromisoformat(a.published).astimezone(timezone.utc).isoformat()


def wordpress(a: Article) -> Rendered:
    """WordPress with Yoast SEO and Jetpack: ``og:title`` with the site name, the publication time
    in UTC, a Yoast JSON-LD graph whose author is the account (``admin``), a breadcrumb that ends
    with the post's own title, ``time.entry-date.published`` next to ``time.updated``, the body in
    ``div.entry-content`` (lead bold first, Gutenberg figures or classic captions, share buttons and
    related posts inside), comments and widgets after it."""
    site = "VKSND tỉnh Thanh Hóa"
    c = Chrome(site)
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": f"https://vksthanhhoa.gov.vn/?p={a.article_id}#article",
         "headline": a.title, "datePublished": _utc(a), "dateModified": "2025-01-20T02:00:00+00:00",
         "author": {"name": "admin", "@id": "https://vksthanhhoa.gov.vn/#/schema/person/1"},
         "articleSection": [a.category], "inLanguage": "vi"},
        {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": "https://vksthanhhoa.gov.vn/"},
            {"@type": "ListItem", "position": 2, "name": a.title}]}]}
    shown = a.date_text("dmy")
    images = "figure" if a.index % 2 else "wp_classic"
    crumbs = (f'<p id="breadcrumbs"><span><span><a href="/">{c("Trang chủ")}</a></span> » <span><a href="/category/tin-tuc/">Tin tức</a></span> » '
              f'<span><a href="/category/tin-tuc/tin-hoat-dong/">{esc(a.category)}</a></span> » <span class="breadcrumb_last" aria-current="page">{esc(a.title)}</span></span></p>')
    page = f"""<!doctype html>
<html lang="vi">
<head><meta charset="UTF-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(a.title)} - {esc(site)}</title>
<meta name="description" content="{esc(a.summary or '')}" />
{a.canonical_tag()}
<meta property="og:locale" content="vi_VN" /><meta property="og:type" content="article" />
<meta property="og:title" content="{esc(a.title)} - {esc(site)}" />
<meta property="og:url" content="https://vksthanhhoa.gov.vn/{a.day.year}/{a.day.month:02d}/bai-viet-{a.article_id}/" />
<meta property="og:site_name" content="{esc(site)}" />
<meta property="article:published_time" content="{_utc(a)}" />
<meta property="article:modified_time" content="2025-01-20T02:00:00+00:00" />
<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph, ensure_ascii=False)}</script>
<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.4.3' media='all' />
</head>
<body class="post-template-default single single-post postid-{a.article_id} single-format-standard wp-embed-responsive has-sidebar sidebar-right">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">{c("Chuyển đến nội dung")}</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="/" rel="home">{c(site)}</a></p><p class="site-description">{c("Trang thông tin điện tử")}</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">{c.menu_items(li='<li class="menu-item">')}</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
{crumbs}
<article id="post-{a.article_id}" class="post-{a.article_id} post type-post status-publish format-standard has-post-thumbnail hentry category-tin-hoat-dong">
<header class="entry-header"><h1 class="entry-title">{esc(a.title)}</h1>
<div class="entry-meta"><span class="posted-on">{c("Đăng ngày")} <a href="/{a.day.year}/" rel="bookmark"><time class="entry-date published" datetime="{a.iso()}">{esc(shown)}</time><time class="updated" datetime="2025-01-20T09:00:00+07:00">20/01/2025</time></a></span><span class="byline"> {c("bởi")} <span class="author vcard"><a class="url fn n" href="/author/admin/">admin</a></span></span></div></header>
<div class="post-thumbnail"><img width="800" height="450" src="/wp-content/uploads/{a.day.year}/thumb-{a.article_id}.jpg" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="" decoding="async" /></div>
<div class="entry-content">
{body_html(a, images, author="wp_right", lead="bold", figure_class="wp-block-image size-large")}
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">{c("Chia sẻ:")}</h3><div class="sd-content"><ul><li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button share-icon" href="#" target="_blank"><span>{c("Facebook")}</span></a></li><li class="share-twitter"><a class="share-twitter sd-button" href="#"><span>{c("Twitter")}</span></a></li></ul></div></div></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>{c("Có liên quan")}</em></h3></div>
</div>
<footer class="entry-footer"><span class="cat-links">Chuyên mục: <a href="/category/tin-tuc/tin-hoat-dong/" rel="category tag">{esc(a.category)}</a></span> <span class="tags-links">{c("Thẻ:")} <a href="/tag/kiem-sat/" rel="tag">{c("kiểm sát")}</a></span></footer>
</article>
<nav class="navigation post-navigation" aria-label="Bài viết"><h2 class="screen-reader-text">{c("Điều hướng bài viết")}</h2><div class="nav-links"><div class="nav-previous"><a href="/bai-truoc/" rel="prev"><span class="meta-nav">{c("Bài trước")}</span> <span class="post-title">{c(a.others[0][0])}</span></a></div></div></nav>
<div id="comments" class="comments-area"><div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">{c("Trả lời")}</h3>
<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form"><p class="comment-notes"><span id="email-notes">{c("Email của bạn sẽ không được hiển thị công khai.")}</span></p><p class="comment-form-comment"><label for="comment">{c("Bình luận")}</label><textarea id="comment" name="comment"></textarea></p><p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Phản hồi" /></p></form></div></div>
</main></div>
<aside id="secondary" class="widget-area"><section id="search-2" class="widget widget_search"><form role="search" method="get" class="search-form" action="/"><label><span class="screen-reader-text">{c("Tìm kiếm cho:")}</span><input type="search" class="search-field" placeholder="Tìm kiếm &hellip;" name="s" /></label></form></section>
<section id="recent-posts-2" class="widget widget_recent_entries"><h2 class="widget-title">{c("Bài viết mới")}</h2><ul>{c.headlines(a, item='<li><a href="{path}">{title}</a><span class="post-date">{date}</span></li>')}</ul></section>
<section id="archives-2" class="widget widget_archive"><h2 class="widget-title">{c("Lưu trữ")}</h2><ul><li><a href="/2024/03/">{c("Tháng Ba 2024")}</a></li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">{"<br>".join(c.footer_lines())}</div></footer>
</div>
</body>
</html>"""
    return Rendered("wordpress", a, page, c.texts, a.time is not None)


def drupal(a: Article) -> Rendered:
    """Drupal 9 (Bartik-like): the title in ``h1.page-title`` outside the node, ``Gửi bởi ... vào
    Thứ Ba, 05/03/2024 - 08:15``, the lead in a ``field--name-field-sapo``, the body in
    ``field--name-body`` with ``figure.caption`` images and the author as a plain last line."""
    site = "Viện Kiểm sát nhân dân tỉnh Đồng Tháp"
    c = Chrome(site)
    date = a.date_text("drupal")
    sapo = (f'<div class="clearfix text-formatted field field--name-field-sapo field--type-text-long field--label-hidden field__item"><p>{esc(a.summary)}</p></div>'
            if a.summary else "")
    page = f"""<!DOCTYPE html>
<html lang="vi" dir="ltr" prefix="content: http://purl.org/rss/1.0/modules/content/ dc: http://purl.org/dc/terms/ og: http://ogp.me/ns#">
<head><meta charset="utf-8" /><meta name="Generator" content="Drupal 9 (https://www.drupal.org)" />
{a.canonical_tag()}<link rel="shortlink" href="/node/{a.article_id}" />
<title>{esc(a.title)} | {esc(site)}</title>
<link rel="stylesheet" media="all" href="/sites/default/files/css/css_abc.css" />
</head>
<body class="layout-one-sidebar layout-sidebar-second path-node page-node-type-article">
<a href="#main-content" class="visually-hidden focusable skip-link">{c("Bỏ qua để đến nội dung chính")}</a>
<div class="dialog-off-canvas-main-canvas" data-off-canvas-main-canvas><div id="page-wrapper"><div id="page">
<header id="header" class="header" role="banner"><div class="section layout-container clearfix">
 <div class="clearfix region region-header"><div id="block-sitebranding" class="clearfix site-branding block block-system"><a href="/" title="Trang chủ" rel="home" class="site-branding__logo"><img src="/themes/logo.svg" alt="Trang chủ" /></a><div class="site-branding__text"><div class="site-branding__name"><a href="/" rel="home">{c(site)}</a></div></div></div></div>
 <div class="region region-primary-menu"><nav role="navigation" aria-labelledby="block-mainnavigation-menu" id="block-mainnavigation" class="block block-menu navigation menu--main"><ul class="clearfix menu">{c.menu_items(li='<li class="menu-item">')}</ul></nav></div>
</div></header>
<div id="main-wrapper" class="layout-main-wrapper layout-container clearfix"><div id="main" class="layout-main clearfix">
<div class="region region-breadcrumb"><div id="block-breadcrumbs" class="block block-system block-system-breadcrumb-block"><nav class="breadcrumb" role="navigation" aria-labelledby="system-breadcrumb"><h2 id="system-breadcrumb" class="visually-hidden">{c("Đường dẫn")}</h2><ol><li><a href="/">{c("Trang chủ")}</a></li><li><a href="/tin-tuc">Tin tức</a></li><li><a href="/tin-tuc/tin-hoat-dong">{esc(a.category)}</a></li></ol></nav></div></div>
<main id="content" class="column main-content" role="main"><section class="section"><a id="main-content" tabindex="-1"></a>
<div class="region region-content">
<div id="block-pagetitle" class="block block-core block-page-title-block"><h1 class="page-title"><span class="field field--name-title field--type-string field--label-hidden">{esc(a.title)}</span></h1></div>
<div id="block-mainpagecontent" class="block block-system block-system-main-block">
<article role="article" about="/node/{a.article_id}" class="node node--type-article node--promoted node--view-mode-full">
 <div class="node__meta"><span>{c("Gửi bởi")} <span class="field field--name-uid field--type-entity-reference field--label-hidden"><span>{c("biên tập viên")}</span></span> {c("vào")} <span class="field field--name-created field--type-created field--label-hidden">{esc(date)}</span></span></div>
 <div class="node__content clearfix">
  {sapo}
  <div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">{body_html(a, "figure", author="plain", figure_class="caption caption-img align-center")}</div>
  <section class="field field--name-comment field--type-comment field--label-above comment-wrapper"><h2 class="title comment-form__title">{c("Thêm bình luận mới")}</h2>
   <form class="comment-comment-form comment-form" action="/comment/reply/node/{a.article_id}/comment" method="post"><div class="form-item"><label>{c("Tiêu đề")}</label><input type="text" /></div><div class="form-actions"><input type="submit" value="Lưu" class="button" /></div></form></section>
  <div class="field field--name-field-tags field--type-entity-reference field--label-above clearfix"><h3 class="field__label">{c("Từ khóa")}</h3><ul class="links field__items"><li><a href="/taxonomy/term/1">{c("kiểm sát viên")}</a></li></ul></div>
 </div>
</article></div></div></section></main>
<div id="sidebar-second" class="column sidebar"><aside class="section" role="complementary"><div class="views-element-container block block-views" id="block-views-block-tin-moi"><h2>{c("Tin mới")}</h2><div class="item-list"><ul>{c.headlines(a, item='<li><div class="views-field views-field-title"><span class="field-content"><a href="{path}" hreflang="vi">{title}</a></span></div><div class="views-field views-field-created"><span class="field-content">{date}</span></div></li>', portal_links=True)}</ul></div></div></aside></div>
</div></div>
<footer class="site-footer"><div class="layout-container"><div class="site-footer__bottom"><div class="region region-footer-fifth"><div class="block">{"<br>".join(c.footer_lines())}</div></div></div></div></footer>
</div></div></div>
</body>
</html>"""
    return Rendered("drupal", a, page, c.texts, a.time is not None)
