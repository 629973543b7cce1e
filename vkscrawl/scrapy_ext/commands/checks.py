"""Start-up checks of the crawl command: every setting, file and folder the run will use, before
any request. Each problem is one line naming the setting or file and what to do; the command exits
2 and nothing is changed (nothing created, nothing repaired).

vkscrawl's own settings are checked where they are read, ``Config.from_settings``; the Scrapy and
Spidermon settings the crawl relies on are checked here."""

from __future__ import annotations

import os
from pathlib import Path

from vkscrawl.config import Config, ConfigError
from vkscrawl.files import folder_problem
from vkscrawl.ledger.feed import FEED_FILE, check_feed
from vkscrawl.ledger.state import STATE_FILE, check_state_file
from vkscrawl.scrapy_ext.jobdir import running_pid

#: The log levels LOG_LEVEL may name (any case).
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")

#: Settings read as numbers: name -> (type, lowest value allowed).
NUMBERS = {
    "DOWNLOAD_DELAY": (float, 0), "DOWNLOAD_TIMEOUT": (float, 0), "RETRY_TIMES": (int, 0),
    "CONCURRENT_REQUESTS": (int, 1), "CONCURRENT_REQUESTS_PER_DOMAIN": (int, 1),
    "AUTOTHROTTLE_START_DELAY": (float, 0), "AUTOTHROTTLE_MAX_DELAY": (float, 0),
    "AUTOTHROTTLE_TARGET_CONCURRENCY": (float, 0), "DOWNLOAD_MAXSIZE": (int, 0),
    "DOWNLOAD_WARNSIZE": (int, 0), "REDIRECT_MAX_TIMES": (int, 0),
    "CLOSESPIDER_TIMEOUT": (float, 0), "CLOSESPIDER_ITEMCOUNT": (int, 0),
    "CLOSESPIDER_PAGECOUNT": (int, 0), "CLOSESPIDER_ERRORCOUNT": (int, 0),
    "SPIDERMON_MAX_ERRORS": (int, 0), "SPIDERMON_MAX_ITEM_VALIDATION_ERRORS": (int, 0),
}
BOOLEANS = ("ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "RETRY_ENABLED", "COOKIES_ENABLED",
            "SPIDERMON_ENABLED", "SPIDERMON_ADD_FIELD_COVERAGE")


def _number_problem(settings, name: str) -> str | None:
    kind, lowest = NUMBERS[name]
    raw = settings.get(name)
    if raw is None:
        return None
    try:
        value = kind(raw) if not isinstance(raw, str) else kind(raw.strip())
        if isinstance(raw, bool) or value < lowest:
            raise ValueError
    except (TypeError, ValueError):
        what = "a whole number" if kind is int else "a number"
        return f"{name}={raw!r}: expected {what} of at least {lowest}"
    return None


def log_level(raw) -> str | int | None:
    """LOG_LEVEL as Python's logging takes it (a standard name in any case, or a number), or
    None when it names no level."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = str(raw).strip()
    if text.isdigit():
        return int(text)
    return text.upper() if text.upper() in LOG_LEVELS else None


def settings_problem(settings) -> str | None:
    """The first unusable setting, as one line; None when all are usable."""
    try:
        Config.from_settings(settings)
    except ConfigError as error:
        return str(error)
    raw_level = settings.get("LOG_LEVEL")
    if raw_level is not None and log_level(raw_level) is None:
        return (f"LOG_LEVEL={raw_level!r}: expected one of {', '.join(LOG_LEVELS)} (any case) "
                f"or a number")
    for name in NUMBERS:
        problem = _number_problem(settings, name)
        if problem:
            return problem
    for name in BOOLEANS:
        try:
            settings.getbool(name)
        except ValueError:
            return f"{name}={settings.get(name)!r}: expected 1 or 0 (true or false)"
    try:
        codes = settings.getdict("SPIDERMON_UNWANTED_HTTP_CODES")
        for code, allowed in codes.items():
            if not str(code).isdigit() or int(allowed) < 0:
                raise ValueError
    except (TypeError, ValueError):
        return (f"SPIDERMON_UNWANTED_HTTP_CODES={settings.get('SPIDERMON_UNWANTED_HTTP_CODES')!r}:"
                f" expected a JSON object of HTTP status -> allowed count, e.g. '{{\"503\": 10}}'")
    try:
        rules = settings.getdict("SPIDERMON_FIELD_COVERAGE_RULES")
        for share in rules.values():
            if not 0 <= float(share) <= 1:
                raise ValueError
    except (TypeError, ValueError):
        return (f"SPIDERMON_FIELD_COVERAGE_RULES={settings.get('SPIDERMON_FIELD_COVERAGE_RULES')!r}"
                f": expected a JSON object of field path -> share between 0 and 1")
    log_file = settings.get("LOG_FILE")
    if log_file:
        folder = Path(log_file).parent
        if not folder.is_dir():
            return f"LOG_FILE={log_file!r}: folder {str(folder)!r} does not exist; create it first"
        if Path(log_file).is_dir():
            return f"LOG_FILE={log_file!r} is a folder; expected a file to write the log to"
        if not os.access(folder, os.W_OK | os.X_OK):
            return f"LOG_FILE={log_file!r}: folder {str(folder)!r} is not writable"
    jobdir = settings.get("JOBDIR")
    if jobdir and Path(jobdir).exists() and not Path(jobdir).is_dir():
        return f"JOBDIR={jobdir!r} is not a folder; expected the folder that keeps a paused crawl"
    if jobdir and (pid := running_pid(jobdir)):
        return (f"JOBDIR={jobdir!r} is in use by a running crawl (pid {pid}); wait for it, or "
                f"give this run a JOBDIR of its own")
    return None


def output_problem(output_dir: str | Path) -> str | None:
    """The first problem with the output folder's files, as one line; None when usable."""
    problem = folder_problem(output_dir)
    if problem:
        return f"VKSCRAWL_OUTPUT_DIR: {problem}; expected a writable folder"
    root = Path(output_dir)
    problem = check_feed(root / FEED_FILE)
    if problem:
        return problem
    state = root / STATE_FILE
    problem = check_state_file(state)
    if problem:
        return (f"state {state} {problem}; move it away (the next run rebuilds it from the "
                f"feed, losing only the listing frontier and the HTTP validators)")
    return None
