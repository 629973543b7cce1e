"""ASP.NET families: one ``<form>`` around the whole page (WebForms, SharePoint, DotNetNuke)."""

from __future__ import annotations

from .base import Article, Chrome, Rendered, body_html, esc

VIEWSTATE = '<div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2QWBgIBD2QWAgIBDxYCHgRUZXh0BWQ8YSBocmVmPSIvIj5UcmFuZyBjaOG7pzwvYT5kZAIDDxYCHwAFCUfhu6dpIMSRaWtkGAEFHl9fQ29udHJvbHNSZXF1aXJlUG9zdEJhY2tLZXlfXxYBBQ5jdGwwMCRidG5TZWFyY2g=" /><input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="/wEdAAPJ7dI0v" /></div>'
POSTBACK = """<script type="text/javascript">
//<![CDATA[
var theForm = document.forms['aspnetForm'];
function __doPostBack(eventTarget, eventArgument) { if (!theForm.onsubmit || (theForm.onsubmit() != false)) { theForm.__EVENTTARGET.value = eventTarget; theForm.submit(); } }
//]]>
</script>"""


def webforms(a: Article) -> Rendered:
    """A provincial procuracy site on ASP.NET WebForms: table layout inside the form, the title
    a ``<span>``, the date ``(Cập nhật: 08:15 | 05/03/2024)``, the lead a bold first paragraph."""
    site = "Viện kiểm sát nhân dân tỉnh Quảng Trị"
    c = Chrome(site)
    date = a.date_text("updated")
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head id="ctl00_Head1"><meta http-equiv="Content-Type" content="text/html; charset=utf-8" /><title>
	{esc(a.title)} - {esc(site)}
</title><link href="/App_Themes/Default/style.css" type="text/css" rel="stylesheet" />{a.canonical_tag()}</head>
<body>
<form name="aspnetForm" method="post" action="./ChiTietTin.aspx?ID={a.article_id}" id="aspnetForm">
{VIEWSTATE}
{POSTBACK}
<div id="wrapper">
 <div id="header"><img src="/images/banner_vks.jpg" alt="{esc(site)}" /><div class="today">{c.today()}</div></div>
 <div id="topmenu"><ul>{c.menu_items(href="/Default.aspx?tab={i}")}</ul>
  <div class="searchbox"><input name="ctl00$txtSearch" type="text" id="ctl00_txtSearch" /><input type="submit" name="ctl00$btnSearch" value="{c("Tìm kiếm")}" id="ctl00_btnSearch" /></div></div>
 <table id="main" width="100%" cellpadding="0" cellspacing="0"><tr>
 <td id="left" width="200" valign="top"><div class="boxtitle">{c("Tin mới cập nhật")}</div><ul class="listnews">{c.headlines(a)}</ul></td>
 <td id="center" valign="top">
  <div id="ctl00_ContentPlaceHolder1_pnlPath" class="duongdan"><a href="/Default.aspx">{c("Trang chủ")}</a> &gt;&gt; <a href="/Default.aspx?tab=2">Tin tức</a> &gt;&gt; <a href="/DanhMuc.aspx?ID=8">{esc(a.category)}</a></div>
  <span id="ctl00_ContentPlaceHolder1_lblTitle" class="title_news">{esc(a.title)}</span><br />
  <span id="ctl00_ContentPlaceHolder1_lblDate" class="date_news">({esc(date)})</span>
  <div id="ctl00_ContentPlaceHolder1_pnlContent" class="content_news">
{body_html(a, "old", author="right", lead="bold")}
  </div>
  <div class="other_news"><b>{c("Các tin khác:")}</b><ul>{c.headlines(a, count=4)}</ul></div>
 </td>
 <td id="right" width="200" valign="top"><div class="boxtitle">{c("Liên kết website")}</div>
  <select name="ctl00$ddlLink" onchange="window.open(this.value)"><option value="">{c("-- Chọn liên kết --")}</option><option value="https://vksndtc.gov.vn">VKSND tối cao</option></select>
  <div class="boxtitle">{c("Thống kê truy cập")}</div><div class="counter">{c.counters()}</div></td>
 </tr></table>
 <div id="footer">{"<br />".join(c.footer_lines())}</div>
</div>
<script type="text/javascript">Sys.Application.initialize();</script>
</form>
</body>
</html>"""
    return Rendered("webforms", a, page, c.texts, a.time is not None)


def sharepoint(a: Article) -> Rendered:
    """SharePoint 2013 publishing page (the portal's own legacy ``lists.aspx`` pages): the form
    around everything, the title a ``div``, the breadcrumb ``ms-sitemapdirectional`` spans, the
    body in ``ms-rtestate-field``."""
    site = "Cổng thông tin điện tử Viện kiểm sát nhân dân tỉnh Lạng Sơn"
    c = Chrome(site)
    date = a.date_text("posted")
    summary = f'<div class="news-summary"><b>{esc(a.summary)}</b></div>' if a.summary else ""
    page = f"""<!DOCTYPE html>
<html dir="ltr" lang="vi-VN">
<head><meta name="GENERATOR" content="Microsoft SharePoint" /><meta http-equiv="Content-type" content="text/html; charset=utf-8" />
<title>{esc(a.title)}</title>{a.canonical_tag()}
<link rel="stylesheet" type="text/css" href="/_layouts/15/1066/styles/Themable/corev15.css?rev=OqAycmyMLoQIDkAlzHdMhQ%3D%3D"/>
<script type="text/javascript">var _spPageContextInfo = {{webServerRelativeUrl: "\\u002ftintuc", webLanguage: 1066, currentLanguage: 1066}};</script>
</head>
<body scroll="yes" onload="javascript:if (typeof(_spBodyOnLoadWrapper) != 'undefined') _spBodyOnLoadWrapper();">
<form method="post" action="./lists.aspx?Cat=8&amp;ItemID={a.article_id}" onsubmit="javascript:return WebForm_OnSubmit();" id="aspnetForm">
{VIEWSTATE}
<div id="ms-designer-ribbon"><div id="s4-ribbonrow" class="ms-dialogHidden"></div></div>
<div id="s4-workspace" class="ms-core-overlay"><div id="s4-bodyContainer">
<div id="s4-titlerow" class="ms-dialogHidden s4-titlerowhidetitle"><div class="banner-title">{c(site.upper())}</div>{c.today()}</div>
<div class="ms-breadcrumb-top"><div class="ms-displayInline ms-core-navigation" role="navigation"><ul class="root ms-core-listMenu-root static">{c.menu_items()}</ul></div></div>
<div id="contentRow">
<div id="sideNavBox" class="ms-dialogHidden ms-forceWrap ms-noList"><div class="ms-core-sideNavBox-removeLeftMargin"><h3>{c("Tin mới")}</h3><ul class="ms-core-listMenu-verticalBox">{c.headlines(a, portal_links=True)}</ul></div></div>
<div id="contentBox" aria-live="polite" aria-relevant="all"><div id="DeltaPlaceHolderMain">
<div class="ms-webpart-zone ms-fullWidth"><div class="ms-webpart-chrome ms-webpart-chrome-fullWidth">
<span id="ctl00_PlaceHolderMain_siteMapPath"><span><a class="ms-sitemapdirectional" href="/">{c("Trang chủ")}</a></span><span> &gt; </span><span><a class="ms-sitemapdirectional" href="/tintuc">Tin tức</a></span><span> &gt; </span><span class="ms-sitemapdirectional">{esc(a.category)}</span></span>
<div class="news-detail">
<div class="news-title">{esc(a.title)}</div>
<div class="news-date">{esc(date)}</div>
{summary}
<div class="ms-rtestate-field">{body_html(a, "old", author="right")}</div>
</div>
</div></div>
<div class="ms-webpart-zone ms-fullWidth"><div class="ms-webpart-chrome"><h2 class="ms-webpart-titleText">{c("Tin liên quan")}</h2><ul class="dfwp-list">{c.headlines(a, portal_links=True, count=3)}</ul></div></div>
</div></div></div>
<div class="footer-sp">{"<br/>".join(c.footer_lines())}</div>
</div></div>
</form>
</body>
</html>"""
    return Rendered("sharepoint", a, page, c.texts, a.time is not None)


def dotnetnuke(a: Article) -> Rendered:
    """DotNetNuke with an article module: the module container's own ``h2`` (the category name)
    above the article's ``h1``, the date ``Thứ ba, 05/03/2024 - 08:15``, the lead in a summary
    ``div``, panes named ``dnn_RightPane``."""
    site = "Viện kiểm sát nhân dân tỉnh Hà Nam"
    c = Chrome(site)
    date = a.date_text("drupal")
    summary = f'<div class="edn_articleSummary"><p>{esc(a.summary)}</p></div>' if a.summary else ""
    page = f"""<!DOCTYPE html>
<html lang="vi-VN">
<head id="Head"><meta content="text/html; charset=UTF-8" http-equiv="Content-Type" />
<title>{esc(site)} &gt; {esc(a.category)} &gt; {esc(a.title)}</title>
<meta id="MetaDescription" name="DESCRIPTION" content="{esc(site)}" />{a.canonical_tag()}
<link href="/Portals/_default/default.css?cdv=97" type="text/css" rel="stylesheet"/></head>
<body id="Body">
<form method="post" action="/tin-tuc/tin-hoat-dong/articleType/ArticleView/articleId/{a.article_id}" id="Form" enctype="multipart/form-data">
{VIEWSTATE}
<div id="siteWrapper">
 <div id="userControls"><a id="dnn_dnnLOGIN_loginLink" class="LoginLink" rel="nofollow" href="/Login">{c("Đăng nhập")}</a></div>
 <div id="siteHeadouter"><div id="dnn_dnnLOGO_"><img src="/Portals/0/logo.png" alt="{esc(site)}" /></div>
  <div id="dnn_dnnNAV_ctldnnNAV" class="dnnNav"><ul class="topLevel">{c.menu_items()}</ul></div>
  <div id="dnn_dnnSearch_ClassicSearch"><input name="dnn$dnnSearch$txtSearch" type="text" /><a id="dnn_dnnSearch_cmdSearch" class="search">{c("Tìm kiếm")}</a></div></div>
 <div id="dnn_BannerPane" class="bannerPane"><p>{c(site.upper())}</p></div>
 <div id="dnn_ContentPane" class="contentPane">
  <div class="DnnModule DnnModule-EasyDNNnews DnnModule-1234"><a name="1234"></a>
  <div class="DNNContainer_Title_h2 SpacingBottom"><h2><span id="dnn_ctr1234_dnnTITLE_titleLabel" class="TitleHead">{esc(a.category)}</span></h2>
  <div id="dnn_ctr1234_ContentPane"><div id="dnn_ctr1234_ModuleContent" class="DNNModuleContent ModEasyDNNnewsC">
  <div class="eds_news_module_1234 news eds_template_Details_Article_Default"><div class="details">
   <h1 class="edn_articleTitle">{esc(a.title)}</h1>
   <div class="edn_metaDetails"><span class="edn_articleDate">{esc(date)}</span> <span class="edn_numberOfViews">{c("Lượt xem: 1.532")}</span></div>
   {summary}
   <div class="edn_articleContent">{body_html(a, "same_p" if a.index % 2 else "old", author="right")}</div>
  </div></div>
  </div></div></div></div>
 </div>
 <div id="dnn_RightPane" class="rightPane"><div class="DnnModule"><h2><span class="TitleHead">{c("Tin đọc nhiều")}</span></h2><ul>{c.headlines(a, portal_links=True)}</ul></div></div>
 <div id="dnn_FooterPane" class="footerPane">{"<br/>".join(c.footer_lines())}</div>
</div>
<input name="ScrollTop" type="hidden" id="ScrollTop" />
</form>
</body>
</html>"""
    return Rendered("dotnetnuke", a, page, c.texts, a.time is not None)
