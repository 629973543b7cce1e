"""Downloader middlewares of vkscrawl."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.utils.httpobj import urlparse_cached


class SameHostMiddleware(OffsiteMiddleware):
    """Every request stays on the start URL's host and port, redirects included.

    Scrapy's offsite check allows subdomains and ignores ports; a mirror on 127.0.0.1:8000 must
    not reach 127.0.0.1:9000, nor the live portal a subdomain of it.
    """

    def should_follow(self, request, spider) -> bool:
        origin = getattr(spider, "origin", None)
        if origin is None:
            return super().should_follow(request, spider)
        parts, start = urlparse_cached(request), urlsplit(urlunsplit((*origin, "", "", "")))
        # Host and port, not scheme: an http -> https redirect of the same host stays on it.
        return (parts.hostname, parts.port) == (start.hostname, start.port)
