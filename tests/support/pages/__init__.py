"""Article pages composed at random from parts (Hypothesis strategies), each with the fields a
parser must find on it: the proof that extraction is robust by construction, not by template.

``generated_pages()`` draws a source article (:mod:`.source`) and one choice per part, prints the
page and returns a :class:`GeneratedPage` (URL, HTML, ``expected`` fields, ``parts`` drawn).
:mod:`.invariant` says what "the item equals the source" means, field by field.  The eleven
hand-written CMS families (``tests/support/families``) stay as named cases; this generator is
meant to reach layouts nobody here wrote, so no part copies the portal's own markup (no
``title-detail``, ``date-detail``, ``content-detail``, ``sapo`` class).

The parts and what each stands for (values drawn simplest first: a failing page shrinks toward
the plainest markup):

Source article (:mod:`.source`)
    ``kind``: a single ``story`` (running paragraphs) or a ``digest`` of sections opening with a
    unit and a colon (``VKSND tỉnh X: ...``, as the portal's "Tin hoạt động VKSND địa phương");
    the title, a day from 2019 to 2025 with or without a time, a summary or none, 2 to 8
    paragraphs, 0 to 3 pictures (most with a caption), an author line or none, sometimes written
    ``Tác giả: X``.  Text: the fixture articles' paragraphs, captions, titles and authors, and the
    seed texts, recombined.

Wrappers (:mod:`.page`)
    ``form``: one ``<form>`` around the whole page with its ``__VIEWSTATE`` (ASP.NET WebForms,
    SharePoint, DotNetNuke). ``layout``: ``flat`` (everything stacked, as a print view or a phone
    page), ``table`` (a layout table: left cell, main cell, right cell), ``divs`` (a grid of
    ``container/row/col-md-*`` with ``nesting`` extra wrappers around the main column),
    ``portlet`` (every box and the article in a portlet frame with its title, as Liferay).
    ``container``: the article in ``<main>``, ``<article>``, both, a ``<section>`` or a plain div.
    ``content_class``: the element around the paragraphs named for its role, opaquely, or not.

Chrome (:mod:`.chrome`), any subset in any order, each in one of the regions it may sit in
    ``banner`` (logo, site name, sometimes today's date), ``menu`` (list, table row, ``|`` bar),
    ``search`` (a form), ``breadcrumb`` (marked list, ``»`` line, unmarked list),
    ``headlines`` (a box of other articles' headlines with their dates), ``related`` (``Tin liên
    quan`` / ``Các tin khác:`` with dated links), ``featured`` (a teaser with thumbnail and a
    one-line lead), ``share`` (social, print, e-mail, font size), ``views`` (the article's view
    counter), ``comments`` (readers' comments with dates, the comment form), ``footer``
    (copyright, address, licence with its date), ``counter`` (site visits), ``links`` (other sites:
    drop-down or banner images), ``documents`` (new documents with issue dates), ``poll``,
    ``tags``.  ``naming``: boxes named by role (``menu``, ``sidebar``), opaquely (``bx1``) or not at
    all; ``tags``: ``nav``/``aside``/``header``/``footer`` or divs.

Title (:mod:`.article`)
    ``h1`` (bare or with a class), ``h2``, ``h3``, a class-named ``div`` set large and bold, an
    ASP.NET ``<span>`` label, a large bold paragraph, a bold cell of a table, a heading that
    links to the page itself (Joomla's ``contentheading``), ``<font size=4><b>``.  ``html_title``:
    ``<title>`` is the title, ``title - site``, ``site - title``, ``site | category | title``,
    or the site's name alone (only where the title is the page's only ``h1``).  ``og_title``,
    ``description``: meta tags or none.

Date (:mod:`.dates`, :mod:`.article`)
    ``date_format``: 19 visible formats (``28/11/2023``, ``Thứ ba, 28/11/2023 - 08:15``,
    ``28-11-2023``, ``Ngày 28 tháng 11 năm 2023``, ``08:15 28/11/2023``, ``5/3/2024``,
    ``Thứ Ba, 28/11/2023, 08:15 (GMT+7)``, ``Ngày đăng: ... lúc ...``, ``Cập nhật: 08:15 |
    28/11/2023``, ``08h15 ngày 28/11/2023``, ``2023-11-28 08:15``...). ``date_place``: above the
    title, under it, in an info table's row (with the view count), in the article's footer line
    (inside the content after the author, or after it), or nowhere visible (``meta_only``).
    ``date_tag``: span, div, italic paragraph, ``<font>``, ``<time datetime>``, an opaque div.
    ``date_meta``: ``article:published_time`` (Viet Nam time or UTC), JSON-LD ``datePublished``,
    microdata ``datePublished``, or none.

Summary (:mod:`.article`)
    none, a lead ``div`` named for its role (bold or italic), an unnamed bold ``div``, the
    content's first paragraph in bold (or bold italic), a bold table cell, an ``h2`` lead under
    an ``h1`` title; before or after the date line.

Body
    ``paragraph``: ``<p>``, justified ``<p>``, ``<div>``, Word's ``MsoNormal`` paragraphs with
    spans, ``<p align><font>``. ``unit``: a digest section's unit in ``<strong>``, ``<b>``, a
    bold span, bold italic, or plain.

Images
    ``images`` (a style per picture, cycled): the image in a centred paragraph and the caption in
    the next (``p_after``), both in one paragraph with a ``<br>`` (``same_p``), ``<figure>`` with
    ``<figcaption>`` after or before the image, an image table with the caption's row after or
    before the image's, or in the cell beside it, a div with the caption div after, before or
    floated beside. ``caption``: italic (``em``, ``i``, ``<font><i>``), centred, or a caption
    class. ``image_src``: relative or absolute.

Author
    ``author``: a right-aligned line (style, ``align``, class; bold or italic), a bold line, a
    plain short last line, a right-aligned div.  ``labelled_author``: ``Tác giả: X`` (or ``Tác
    giả bài viết:``, ``Người viết:``) right-aligned or bold as the content's last line, or in a
    div after the content.

A part choice that would leave a reader unable to tell a field is ruled out where drawn (see the
end of :func:`.page.generated_pages`): a page that shows no date states one in its markup;
``<title>`` names the headline unless the headline is the page's only ``h1``; a lead set as an
``h2`` goes with an ``h1`` title.  Sidebar and related headlines are always links with other
days' dates, never styled as the title.
"""

from .invariant import FIELDS, NEVER_EMPTY, Mismatch, check, never_empty
from .page import GeneratedPage, generated_pages
from .seeding import same_pages_everywhere

__all__ = ["generated_pages", "GeneratedPage", "same_pages_everywhere", "check", "never_empty", "Mismatch",
           "FIELDS", "NEVER_EMPTY"]
