"""The spider's arguments (``-a name=value``), checked before anything runs.

Every check fails with ``ArgumentError`` whose message is the one line the operator sees: which
argument is wrong and what is expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

DEFAULT_START_URL = "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"
KNOWN = ("start_url", "max_pages", "since", "full")
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


class ArgumentError(ValueError):
    """A bad command-line argument; ``str()`` is the one-line message."""


@dataclass(frozen=True)
class CrawlArgs:
    start_url: str = DEFAULT_START_URL
    max_pages: int | None = None
    since: date | None = None
    full: bool = False

    @classmethod
    def parse(cls, raw: dict) -> "CrawlArgs":
        # Scrapyd adds its own job id as ``-a _job=...``: arguments with a leading underscore
        # belong to the scheduler, not to the operator.
        unknown = sorted(k for k in raw if k not in KNOWN and not k.startswith("_"))
        if unknown:
            raise ArgumentError(
                f"unknown argument {unknown[0]!r}: expected one of {', '.join(KNOWN)} "
                f"(-a start_url=URL -a max_pages=N -a since=YYYY-MM-DD -a full=1)"
            )
        return cls(
            start_url=cls._start_url(raw.get("start_url")),
            max_pages=cls._max_pages(raw.get("max_pages")),
            since=cls._since(raw.get("since")),
            full=cls._full(raw.get("full")),
        )

    @staticmethod
    def _start_url(value) -> str:
        if value is None:
            return DEFAULT_START_URL
        parts = urlsplit(str(value).strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ArgumentError(
                f"start_url={value!r} is not an http(s) URL: expected the listing URL, "
                f"e.g. {DEFAULT_START_URL}"
            )
        return str(value).strip()

    @staticmethod
    def _max_pages(value) -> int | None:
        if value is None:
            return None
        text = str(value).strip()
        if not text.isdigit() or int(text) < 1:
            raise ArgumentError(f"max_pages={value!r}: expected a whole number of at least 1")
        return int(text)

    @staticmethod
    def _since(value) -> date | None:
        if value is None:
            return None
        try:
            if len(str(value).strip()) != 10:
                raise ValueError
            return date.fromisoformat(str(value).strip())
        except ValueError:
            raise ArgumentError(
                f"since={value!r}: expected a date as YYYY-MM-DD, e.g. since=2024-03-05"
            ) from None

    @staticmethod
    def _full(value) -> bool:
        if value is None:
            return False
        text = str(value).strip().lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ArgumentError(f"full={value!r}: expected 1 (walk the whole listing) or 0")
