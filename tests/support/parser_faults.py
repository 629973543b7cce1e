"""Fault injection inside a crawl: the listing parser raises on chosen listing pages.

A Scrapy extension for test crawls only (never in ``vkscrawl/``). Enabled with
``-s EXTENSIONS=...`` (the project's extensions plus this one, see ``extension_settings``) and
the repository root on ``PYTHONPATH``; ``FAULTS_LISTING_PARSER_RAISES`` is a regular expression,
and every listing page whose URL it matches (``re.search``) makes the parser raise.

The fault sits inside the parser, not around it: the page class the parser uses
(``vkscrawl.parsing.LISTING_PAGE``) is replaced by a subclass whose ``parse`` raises, so whatever
the product does with a parser exception (in ``parse_listing`` or in the spider) is what is
tested. Each injected failure is logged (``INJECTED``) and counted (``STAT``), so a harness can
tell a fault that fired from one that never did (a product that stopped using the page class).
"""

from __future__ import annotations

import json
import logging
import re

from scrapy.exceptions import NotConfigured

logger = logging.getLogger(__name__)

SETTING = "FAULTS_LISTING_PARSER_RAISES"
STAT = "faults/listing_parser_raised"
#: The log line of each injected failure (a harness greps for it).
INJECTED = "Fault injection: the listing parser raises on"


class InjectedParserError(RuntimeError):
    """What the listing parser raises when a fault is injected."""


class ListingParserFaults:
    def __init__(self, crawler, pattern: re.Pattern):
        import vkscrawl.parsing as parsing

        self.crawler = crawler
        base = parsing.LISTING_PAGE
        stats = crawler.stats

        class FailingListingPage(base):  # type: ignore[misc, valid-type]
            name = getattr(base, "name", base.__name__)

            def parse(self):
                if pattern.search(self.url):
                    stats.inc_value(STAT)
                    logger.warning("%s %s", INJECTED, self.url)
                    raise InjectedParserError(f"injected listing parser failure on {self.url}")
                return super().parse()

        parsing.LISTING_PAGE = FailingListingPage

    @classmethod
    def from_crawler(cls, crawler):
        pattern = crawler.settings.get(SETTING)
        if not pattern:
            raise NotConfigured(f"{SETTING} is not set")
        return cls(crawler, re.compile(pattern))


def extension_settings(pattern: str) -> list[str]:
    """The ``-s`` options that enable the fault for listing URLs matching ``pattern``: the
    project's own extensions are kept (a ``-s EXTENSIONS=`` replaces the project's dict)."""
    from vkscrawl import settings

    extensions = {**getattr(settings, "EXTENSIONS", {}),
                  f"{__name__}.ListingParserFaults": 0}
    return ["-s", f"EXTENSIONS={json.dumps(extensions)}", "-s", f"{SETTING}={pattern}"]


def listing_page_pattern(*pages: int) -> str:
    """A regular expression for the URLs of listing pages ``pages`` (1: with or without
    ``?Page=1``)."""
    alternatives = []
    for page in pages:
        if page == 1:
            alternatives.append(r"tin-hoat-dong-vksnd-dia-phuong/?(?:\?(?:[Pp]age=1)?)?$")
        alternatives.append(rf"tin-hoat-dong-vksnd-dia-phuong/?\?(?:.*&)?[Pp]age={page}(?:&|$)")
    return "|".join(alternatives)
