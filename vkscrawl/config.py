"""vkscrawl's own settings, read once per crawl into one typed object, each default written here.

Scrapy's and Spidermon's settings (politeness, retries, pipelines, monitors' thresholds that
Spidermon reads itself) live in ``settings.py``; the settings vkscrawl's own code reads are the
fields below, each named by its ``-s`` setting. ``Config.from_settings`` reads them from Scrapy's
settings (or any mapping), checks them and fills in the defaults: a value that cannot be used is
a ``ConfigError`` whose message is the one line the operator sees (the crawl command prints it and
exits 2 before anything is written). A crawl builds it once (``scrapy_ext.output.config_of``);
commands that run without Scrapy read ``DEFAULTS``.

No Scrapy import here: the ledger and the archive take their defaults from this module too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable, Mapping

from vkscrawl import __version__

#: The contact named in the User-Agent when the operator gives none (a WARNING says so).
PLACEHOLDER_CONTACT = "https://github.com/vkscrawl/vkscrawl"
#: The environment variable read when the setting VKSCRAWL_CONTACT is unset or empty.
CONTACT_VARIABLE = "VKSCRAWL_CONTACT"


class ConfigError(ValueError):
    """A setting that cannot be used; ``str()`` is one line naming it and what is expected."""


# --- parsing one raw value (a setting from -s arrives as text; settings.py's as Python values) ---

def _text(raw: Any) -> str:
    return str(raw)


def _folder(raw: Any) -> Path:
    text = str(raw)
    if not text.strip():
        raise ValueError("expected a folder (an empty value would write into whatever folder the "
                         "command runs in; give . for that)")
    return Path(text)


def _optional_path(raw: Any) -> Path | None:
    return Path(str(raw)) if str(raw).strip() else None


def _whole(lowest: int) -> Callable[[Any], int]:
    def parse(raw: Any) -> int:
        try:
            value = raw if isinstance(raw, int) else int(str(raw).strip())
            if isinstance(raw, bool) or value < lowest:
                raise ValueError
        except (TypeError, ValueError):
            raise ValueError(f"expected a whole number of at least {lowest}") from None
        return value
    return parse


def _number(lowest: float, highest: float | None = None) -> Callable[[Any], float]:
    expected = (f"a share between {lowest:g} and {highest:g}" if highest is not None
                else f"a number of at least {lowest:g}")

    def parse(raw: Any) -> float:
        try:
            value = float(raw if not isinstance(raw, str) else raw.strip())
            if isinstance(raw, bool) or not (lowest <= value <= (highest or float("inf"))):
                raise ValueError
        except (TypeError, ValueError):
            raise ValueError(f"expected {expected}") from None
        return value
    return parse


def _flag(raw: Any) -> bool:
    """What Scrapy's ``Settings.getbool`` accepts: 0/1 (as numbers or text), True/False,
    'True'/'False', 'true'/'false'."""
    if isinstance(raw, bool):
        return raw
    try:
        return bool(int(raw))
    except (TypeError, ValueError):
        if raw in ("True", "true"):
            return True
        if raw in ("False", "false"):
            return False
    raise ValueError("expected 1 or 0 (true or false)")


_SIZE = re.compile(r"^\s*(\d+)\s*(?:([kmgt])(?:i?b)?|b)?\s*$", re.IGNORECASE)


def parse_size(value: Any) -> int:
    """``1073741824``, ``"500M"``, ``"1GiB"``, ``"2g"`` -> bytes (binary units); else ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise ValueError("expected a positive size in bytes (1073741824, 500M, 1G)")
        size = int(match.group(1)) * 1024 ** " kmgt".index((match.group(2) or " ").lower())
    if size <= 0:
        raise ValueError("expected a positive size in bytes (1073741824, 500M, 1G)")
    return size


def setting(name: str, default: Any, parse: Callable[[Any], Any], doc: str, *,
            blank_is_unset: bool = False) -> Any:
    """A field of ``Config``: the ``-s`` setting it is read from, its default, its parser.
    ``blank_is_unset``: an empty value means the default (a text that must not be empty)."""
    return field(default=default, metadata={"setting": name, "parse": parse, "doc": doc,
                                            "blank_is_unset": blank_is_unset})


@dataclass(frozen=True)
class Config:
    output_dir: Path = setting(
        "VKSCRAWL_OUTPUT_DIR", Path("output"), _folder,
        "where the feed (local_news.jsonl), the snapshots, the ledger and runs.jsonl live")
    snapshots: bool = setting(
        "VKSCRAWL_SNAPSHOTS_ENABLED", True, _flag,
        "write every response received, with its request, to <output>/snapshots/*.warc.gz")
    archive_images: bool = setting(
        "VKSCRAWL_ARCHIVE_IMAGES", True, _flag,
        "archive the images of every written article (page requisites); needs the snapshots")
    refetch_days: int = setting(
        "VKSCRAWL_REFETCH_DAYS", 2, _whole(0),
        "articles published this many days ago or later are fetched again to catch edits")
    retry_delay: float = setting(
        "VKSCRAWL_RETRY_DELAY", 30 * 60.0, _number(0),
        "seconds before a failed article is tried again after its second failure; doubled after "
        "each further failure, up to VKSCRAWL_RETRY_MAX_DELAY (the first retry is the next run)")
    retry_max_delay: float = setting(
        "VKSCRAWL_RETRY_MAX_DELAY", 24 * 3600.0, _number(0),
        "the longest delay between two attempts at a failed article or image, in seconds")
    max_attempts: int = setting(
        "VKSCRAWL_MAX_ATTEMPTS", 10, _whole(1),
        "failed runs after which an article or image is given up (full=1 tries it once more)")
    drift_min_portal_share: float = setting(
        "VKSCRAWL_DRIFT_MIN_PORTAL_SHARE", 0.5, _number(0, 1),
        "below this share of pages served by the portal's own selectors (title, date, body), the "
        "run reports markup drift and exits 3")
    min_teasers: int = setting(
        "VKSCRAWL_MIN_TEASERS", 1, _whole(0),
        "teasers the listing pages read must hold (Listing Teasers Monitor)")
    min_items: int = setting(
        "SPIDERMON_MIN_ITEMS", 0, _whole(0),
        "items a run must write (Extracted Items Monitor); an incremental run may write none")
    coverage_min_items: int = setting(
        "SPIDERMON_FIELD_COVERAGE_MIN_ITEMS", 10, _whole(0),
        "field coverage (SPIDERMON_FIELD_COVERAGE_RULES) is judged from this many written items")
    contact: str = setting(
        "VKSCRAWL_CONTACT", PLACEHOLDER_CONTACT, _text,
        "who to contact about this crawler (a URL or mailto:), named in the User-Agent; from -s, "
        "else from the environment; the placeholder logs a WARNING", blank_is_unset=True)
    warc_max_size: int = setting(
        "VKSCRAWL_WARC_MAX_SIZE", 1024 ** 3, parse_size,
        "a new snapshot file when the next record would make the current one larger (bytes; "
        "500M, 1G are understood too)")
    warc_prefix: str = setting(
        "VKSCRAWL_WARC_PREFIX", "vkscrawl", _text,
        "snapshot file names: <prefix>-<UTC timestamp>-<serial>.warc.gz (characters other than "
        "A-Z a-z 0-9 . _ - are replaced by '-')", blank_is_unset=True)
    warc_description: str = setting(
        "VKSCRAWL_WARC_DESCRIPTION",
        "Raw HTTP traffic of vkscrawl, a crawler of the category 'Tin hoạt động VKSND địa "
        "phương' of vksndtc.gov.vn", _text,
        "the warcinfo record's description", blank_is_unset=True)
    warc_operator: str = setting(
        "VKSCRAWL_WARC_OPERATOR", "", _text,
        "the warcinfo record's operator: say who you are")
    stats_file: Path | None = setting(
        "VKSCRAWL_STATS_FILE", None, _optional_path,
        "when set, the run's final stats are written there as JSON (for scripts and tests)")

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | Any,
                      environ: Mapping[str, str] | None = None) -> "Config":
        """Read, check and default every field; raises ``ConfigError`` (one line) for the first
        value that cannot be used. ``settings``: Scrapy's ``Settings`` or a plain mapping."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            name = f.metadata["setting"]
            raw = settings.get(name)
            if f.metadata["blank_is_unset"] and raw is not None and not str(raw).strip():
                raw = None
            if f.name == "contact" and raw is None:
                # Unset: the environment's, else the placeholder (which says so).
                raw = environ.get(CONTACT_VARIABLE, "").strip() or None
            if raw is None:
                continue
            try:
                values[f.name] = f.metadata["parse"](raw)
            except ValueError as error:
                raise ConfigError(f"{name}={raw!r}: {error}") from None
        return cls(**values)

    @property
    def archiving_images(self) -> bool:
        """Images are archived only where snapshots are kept."""
        return self.archive_images and self.snapshots

    @property
    def contact_is_placeholder(self) -> bool:
        return self.contact == PLACEHOLDER_CONTACT

    @property
    def user_agent(self) -> str:
        return f"vkscrawl/{__version__} (+{self.contact})"


#: Every default, for code that runs without settings (reparse's in-memory ledger, status).
DEFAULTS = Config()
