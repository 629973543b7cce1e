"""What on a page is furniture (site header, menus, search, sidebars, related news, footer), so
that no layer reads a title, a date or a paragraph from it.

Two kinds of evidence: the tag (``nav``, ``aside``, ``footer``, scripts, form controls) and the
class/id naming chrome (``menu``, ``sidebar``, ``related``, ...).  Neither may swallow
the article itself, which real CMSs wrap in exactly such elements: ASP.NET WebForms, SharePoint
and DotNetNuke put one ``<form>`` around the whole page, themes put ``sidebar-right`` or
``menu-open`` on ``<body>`` or on the page wrapper.  So a ``<form>`` is chrome only when it holds
no running text, and a class/id only marks an element that does not hold most of the page's text
(nor most of its running prose: a layout wrapper named ``fixed-sidebar-layout`` beside long
sidebars).  And whatever its tag or class, an element holding the body the page itself marks
(microdata ``articleBody``, a CMS's body class) is not chrome: news sites put the article in an
``<aside>``, Blogger puts every post in a ``widget``.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

from lxml import etree

from ..elements import element_lines, element_text
from ..html import marked_elements
from ..text import normalize_line

__all__ = ["SKIP_TAGS", "attr_is_chrome", "names_body_class", "names_site_class", "ChromeIndex", "text_sizes"]

# Tags that never hold article text.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
        "canvas", "video", "audio", "map", "button", "select", "input", "textarea", "option",
        "form", "nav", "aside", "footer", "head", "title", "meta", "link", "base", "dialog",
    }
)
#: Tags that are chrome only when they hold no running text (see the module docstring).
_WRAPPER_TAGS = frozenset({"form"})
#: Skipped tags that may still hold an article a page marks as its body (see the docstring).
_HOLDER_TAGS = frozenset({"form", "nav", "aside", "footer", "dialog"})
#: Class or id tokens that name the article body in common CMSs (WordPress, Drupal, Joomla,
#: NukeViet, Liferay, SharePoint, DotNetNuke, news themes).
ARTICLE_BODY_CLASS = re.compile(
    r"^(?:entry-content|post-content|post-body|article-content|article-body|articlebody|article__body|"
    r"articleBody|story-body|news-content|news-body|detail-content|detail-body|"
    r"bodytext|news-bodyhtml|field--name-body|field-name-body|journal-content-article|"
    r"ms-rtestate-field|edn_articleContent|content_news|noidung|noi-dung|chi-tiet-noi-dung|"
    r"td-post-content|single-content|main-content-detail|fck_detail|the-article-body|cms-body)$",
    re.I,
)
#: A body the page marks must hold this many characters to vouch for its ancestors.
_MARKED_BODY_MIN = 200
#: Class words of page layout (a wrapper "with a sidebar", "menu open"): such an element holding
#: most of the page's running prose is its wrapper.  Related news, comments and the like stay
#: chrome however much prose they hold.
_LAYOUT_WORD = re.compile(r"sidebar|side-bar|menu", re.I)
# Class/id words of page chrome.
_CHROME_WORD = re.compile(
    r"menu|related|relate|lienquan|lien-quan|footer|search|timkiem|tim-kiem|tool|banner|sidebar|"
    r"side-bar|share|sharing|social|comment|binhluan|binh-luan|breadcrumb|pagination|paging|"
    r"pager|advert|quangcao|quang-cao|navbar|navigation|^nav$|^nav-|fontsize|font-size|"
    r"mostread|most-read|docnhieu|doc-nhieu|xemnhieu|xem-nhieu|othernews|other-news|tinkhac|"
    r"tin-khac|tin-moi|newest|latest|rating|login|logo|copyright|^header$|site-header|"
    r"top-bar|topbar|hotline|popup|modal|cookie|^widget|counter|thong-?ke|luot-?truy-?cap|"
    r"newsletter|subscribe|^sidebar|^aside",
    re.IGNORECASE,
)
#: Never chrome by their class/id: the page itself and the article's own containers.
_NEVER_BY_ATTR = frozenset({"html", "body", "main", "article"})
#: A class-named "chrome" element holding this share of the page's text is the page wrapper.
_WRAPPER_SHARE = 0.5
#: A class or id naming a headline (the element a page's own header sits above).
_TITLE_CLASS = re.compile(r"title|headline|tieu-?de", re.I)
_RUNNING_TEXT = re.compile(r"[^\W\d_][^.!?…]{60,}[.!?…]")


#: Verdicts by attribute values remembered: a page repeats its class names on many elements, and
#: pages of one site repeat them across pages.
_CACHE_MAX = 50_000


def attr_is_chrome(el: etree._Element) -> bool:
    """The element's class or id names page chrome (menu, related news, footer, search, tools,
    banner, sidebar, share, comment, ...)."""
    return _names_chrome(el.get("class"), el.get("id"))


@lru_cache(maxsize=_CACHE_MAX)
def _names_chrome(cls: str | None, id_: str | None) -> bool:
    for v in (cls, id_):
        if v and any(_CHROME_WORD.search(token) for token in v.split()):
            return True
    return False


@lru_cache(maxsize=_CACHE_MAX)
def _layout_only(cls: str | None, id_: str | None) -> bool:
    """Every class/id token that names chrome names a layout (sidebar, menu)."""
    tokens = [t for v in (cls, id_) for t in (v or "").split() if _CHROME_WORD.search(t)]
    return bool(tokens) and all(_LAYOUT_WORD.search(t) for t in tokens)


def _names_body(itemprop: str | None, cls: str | None, id_: str | None) -> bool:
    """An element's microdata or class/id (the values given) names it the article body."""
    return "articlebody" in (itemprop or "").lower() or names_body_class(cls, id_)


@lru_cache(maxsize=_CACHE_MAX)
def names_body_class(cls: str | None, id_: str | None) -> bool:
    """A class or id token naming the article body in a common CMS (:data:`ARTICLE_BODY_CLASS`)."""
    return any(ARTICLE_BODY_CLASS.match(n) for n in ((cls or "") + " " + (id_ or "")).split())


@lru_cache(maxsize=_CACHE_MAX)
def names_site_class(cls: str | None, site_classes: frozenset[str]) -> bool:
    """A class token of ``cls`` is one of the names a site gives its content element."""
    return bool(site_classes) and not site_classes.isdisjoint((cls or "").split())


def text_sizes(root: etree._Element) -> dict:
    """Characters of visible text under every element (scripts and styles not counted)."""
    sizes: dict = {}
    get = sizes.get
    # the elements in reverse document order: every element after all of its descendants (one
    # pass over a list, cheaper than iterwalk's end events)
    for el in reversed(list(root.iter(etree.Element))):
        if el.tag.lower() in _NO_TEXT:
            sizes[el] = 0
            continue
        text = el.text
        n = len(text.strip()) if text else 0
        for child in el:
            n += get(child, 0)
            tail = child.tail
            if tail:
                n += len(tail.strip())
        sizes[el] = n
    return sizes


#: Elements whose text is not shown (``text_sizes`` and ``running_sizes`` count none of it).
_NO_TEXT = frozenset(("script", "style", "noscript", "template", "head"))


def running_sizes(root: etree._Element) -> dict:
    """Characters of running prose (text nodes holding a sentence of 60 characters or more)
    under every element."""
    sizes: dict = {}
    get = sizes.get
    for el in reversed(list(root.iter(etree.Element))):  # descendants first, as in text_sizes
        if el.tag.lower() in _NO_TEXT:
            sizes[el] = 0
            continue
        text = el.text
        n = len(text) if text and len(text) > 60 and _RUNNING_TEXT.search(text) else 0
        for child in el:
            n += get(child, 0)
            tail = child.tail
            if tail and len(tail) > 60 and _RUNNING_TEXT.search(tail):
                n += len(tail)
        sizes[el] = n
    return sizes


def _holds_running_text(el: etree._Element) -> bool:
    """A wrapper that holds sentences of prose or the page's headline (an ASP.NET form around
    the page), not only labels, inputs and buttons (a search or comment form)."""
    if next(el.iter("h1", "h2"), None) is not None:
        return True
    found = 0
    for p in el.iter("p", "div", "td", "span", "article", "section"):
        text = p.text or ""
        if len(text) > 60 and _RUNNING_TEXT.search(text):
            found += 1
            if found >= 2:
                return True
    return False


def _wordy(el: etree._Element, seen: dict) -> bool:
    """``el`` holds more than :data:`CHOICE_BOX_MAX_WORDS` words (its text nodes' words; a
    word never runs across two nodes), counted until there are more (remembered in ``seen``)."""
    found = seen.get(el)
    if found is None:
        n = 0
        found = False
        for text in el.itertext():
            n += len(text.split())
            if n > CHOICE_BOX_MAX_WORDS:
                found = True
                break
        seen[el] = found
    return found


#: The controls of a poll, a rating or a reader's comment form (its text box).
_CHOICES = etree.XPath("//input[@type='radio' or @type='checkbox' or @type='RADIO' or @type='CHECKBOX'] | //textarea")
#: A poll's box (title, question, answers) or a comment box (title, a short comment or two, the
#: form's labels) holds at most this many words; an article around a questionnaire holds more.
CHOICE_BOX_MAX_WORDS = 60


class ChromeIndex:
    """Which elements of a page are chrome, computed once in document order (a parent is seen
    before its children, and a chrome parent makes its whole subtree chrome)."""

    def __init__(self, root: etree._Element, body_classes: frozenset[str] = frozenset(),
                 marked: list | None = None):
        """``body_classes``: class names a site gives its content element (its page class's
        :class:`~vkscrawl.parsing.site.Site`), beside the common CMSs' own.  ``marked``: the
        page's elements with a class, an id or an ``itemprop`` in document order, when the
        caller has them already (one XPath scan of a large page costs as much as this index)."""
        self.root = root
        self.body_classes = body_classes
        self._marked = marked if marked is not None else marked_elements(root)
        self.holders = self._marked_body_holders()
        # the chrome's top elements; what lies below them is chrome too, answered when asked
        roots = set()
        named = {m.el: m for m in self._marked if m.cls is not None or m.id is not None}
        walk = etree.iterwalk(root, events=("start",))
        for _event, el in walk:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            t = tag.lower()
            m = named.get(el)
            if m is None and t not in SKIP_TAGS and t != "header":
                continue  # nothing here can name chrome
            if self._is_chrome(el, t, m.cls if m else None, m.id if m else None):
                roots.add(el)
                walk.skip_subtree()
        roots.update(self._choice_boxes(root))
        self.roots = frozenset(roots)
        self._flags: dict[etree._Element, bool] = {}

    def _choice_boxes(self, root: etree._Element) -> set:
        """A poll or a rating: the box around radio buttons or check boxes, up to the largest
        ancestor holding at most :data:`CHOICE_BOX_MAX_WORDS` words of text (its title, its
        question, its answers), never the page's body; likewise the box around a comment
        form's text box (its title, the readers' comments above it)."""
        out = set()
        wordy: dict = {}  # the controls of one box climb through the same ancestors
        for control in _CHOICES(root):
            box = None
            node = control.getparent()
            while node is not None and node is not root and node not in self.holders:
                tag = node.tag.lower() if isinstance(node.tag, str) else ""
                if tag in ("body", "html") or (tag == "form" and _holds_running_text(node)) or _wordy(node, wordy):
                    break  # (a form holding prose or the headline is the page's, ASP.NET's)
                box = node
                node = node.getparent()
            if box is not None:
                out.add(box)
        return out

    @cached_property
    def sizes(self) -> dict:
        return text_sizes(self.root)

    @cached_property
    def text_outside(self) -> int:
        """Characters of text outside the chrome (as :func:`text_sizes` counts them)."""
        sizes, roots = self.sizes, self.roots
        inside = sum(sizes.get(el, 0) for el in roots if not any(a in roots for a in el.iterancestors()))
        return sizes.get(self.root, 0) - inside

    @cached_property
    def running(self) -> dict:
        return running_sizes(self.root)

    def _marked_body_holders(self) -> frozenset:
        """The largest body the page marks (microdata ``articleBody``, a CMS body class) and its
        ancestors: never chrome."""
        best, best_size = None, _MARKED_BODY_MIN - 1
        site_classes = self.body_classes
        for el, cls, id_, itemprop in self._marked:
            if _names_body(itemprop, cls, id_) or (site_classes and names_site_class(cls, site_classes)):
                size = self.sizes.get(el, 0)
                if size > best_size:
                    best, best_size = el, size
        if best is None:
            return frozenset()
        return frozenset([best, *best.iterancestors()])

    def _is_chrome(self, el: etree._Element, t: str, cls: str | None, id_: str | None) -> bool:
        """``el`` (tag ``t``, class ``cls``, id ``id_``) is chrome, seen from the top of the page
        down (no chrome element above it)."""
        if t in SKIP_TAGS and t not in ("head", "title", "meta", "link", "base"):
            if el in self.holders and t in _HOLDER_TAGS:
                return False
            if t in _WRAPPER_TAGS:
                # a form around the page: it holds prose, the headline, or most of the text
                return not (_holds_running_text(el) or self._holds_most_text(el))
            return True
        if el in self.holders:
            return False
        if t == "header":
            return not self._article_header(el)
        if t in _NEVER_BY_ATTR or not _names_chrome(cls, id_):
            return False
        # a wrapper whose class merely mentions a sidebar or a menu holds the page
        total = self.sizes.get(self.root, 0)
        if total > 400 and self.sizes.get(el, 0) >= _WRAPPER_SHARE * total:
            return False
        # ... or, named for the layout, most of its running prose
        if not _layout_only(cls, id_):
            return True
        prose = self.running.get(self.root, 0)
        return not (prose > 400 and self.running.get(el, 0) >= _WRAPPER_SHARE * prose)

    def _holds_most_text(self, el: etree._Element) -> bool:
        """``el`` holds at least :data:`_WRAPPER_SHARE` of the page's text."""
        total = self.sizes.get(self.root, 0)
        return total > 0 and self.sizes.get(el, 0) >= _WRAPPER_SHARE * total

    @staticmethod
    def _article_header(el: etree._Element) -> bool:
        """A ``<header>`` of the article (its headline and date), not the site's: inside the
        article, named for it, or right above the headline."""
        for anc in el.iterancestors():
            tag = anc.tag
            if isinstance(tag, str) and tag.lower() in ("article", "main"):
                return True
        nxt = el.getnext()
        while nxt is not None and not isinstance(nxt.tag, str):
            nxt = nxt.getnext()
        if nxt is not None and (nxt.tag.lower() in ("h1", "h2", "h3", "strong", "b")
                                or _TITLE_CLASS.search((nxt.get("class") or "") + " " + (nxt.get("id") or ""))):
            return True
        cls = (el.get("class") or "") + " " + (el.get("id") or "")
        return bool(re.search(r"entry|article|post|page-header|news|detail|title", cls, re.I))

    def __call__(self, el: etree._Element) -> bool:
        """Whether ``el`` is chrome or lies inside chrome (remembered per element)."""
        flags = self._flags
        found = flags.get(el)
        if found is not None:
            return found
        roots = self.roots
        path = []
        node = el
        while node is not None:
            found = flags.get(node)
            if found is not None:
                break
            if node in roots:
                found = True
                path.append(node)
                break
            path.append(node)
            node = node.getparent()
        found = bool(found)
        for node in path:
            flags[node] = found
        return found

    def lines(self, shown=None) -> frozenset[str]:
        """Every line of text the chrome holds (normalised): what a layer that returns bare text
        (the generic extractor) must not pass off as the article.  ``shown``: only the lines of
        these chrome elements (the ones that layer was given to read, when the rest was kept
        out of its sight)."""
        return self._chrome_lines if shown is None else element_lines(shown)

    @cached_property
    def _chrome_lines(self) -> frozenset[str]:
        return element_lines(self.roots)

    def lines_only_inside(self, lines: frozenset[str] | None = None) -> frozenset[str]:
        """The chrome's lines (or those of ``lines``, what :meth:`lines` gave for a part of the
        chrome) that the page does not also print outside its chrome (a product description
        repeated in a tab box, a lead repeated in a teaser)."""
        return (self._chrome_lines if lines is None else lines) - self._outside_lines

    @cached_property
    def _outside_lines(self) -> frozenset[str]:
        return frozenset(normalize_line(line) for line in element_text(self.root, "\n", skip=self).split("\n"))
