"""The layout-family corpus: every fixture article printed the way other CMSs print an article.

``FAMILIES`` maps a family name to its renderer (``Article -> Rendered``); :func:`corpus` renders
every fixture article in every family.  The pages are generated on the fly (nothing is stored), so
a change to a fixture's expected item changes every family's page with it.

Families: ASP.NET WebForms, SharePoint and DotNetNuke (one ``<form>`` around the page), NukeViet,
Joomla, WordPress, Drupal, Liferay portlets, an early-2000s table layout, a bare print view, AMP.
"""

from __future__ import annotations

from collections.abc import Callable

from .aspnet import dotnetnuke, sharepoint, webforms
from .base import Article, Rendered, load_articles
from .other import amp, liferay, printview, tables2000
from .php import drupal, joomla, nukeviet, wordpress

__all__ = ["FAMILIES", "Article", "Rendered", "load_articles", "corpus", "render"]

FAMILIES: dict[str, Callable[[Article], Rendered]] = {
    "webforms": webforms,
    "sharepoint": sharepoint,
    "dotnetnuke": dotnetnuke,
    "nukeviet": nukeviet,
    "joomla": joomla,
    "wordpress": wordpress,
    "drupal": drupal,
    "liferay": liferay,
    "tables2000": tables2000,
    "printview": printview,
    "amp": amp,
}


def render(family: str, article: Article) -> Rendered:
    return FAMILIES[family](article)


def corpus(families=None) -> list[Rendered]:
    """Every fixture article in every family (or in the families named)."""
    articles = load_articles()
    return [FAMILIES[f](a) for f in (families or FAMILIES) for a in articles]
