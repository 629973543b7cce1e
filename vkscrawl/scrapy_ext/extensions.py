"""The run's verdict: did it succeed, fail, drift, pause or stop, and why; its line in
``runs.jsonl``.

``scrapy crawl`` exits 0 whatever happened; the project's ``crawl`` command exits with the status
decided here (``vkscrawl/exit_status`` in the stats), and says the reason on stderr's last line.
A Scrapyd user, who sees no exit status, reads the run's line in ``<output>/runs.jsonl``.

A run stopped by the operator (Ctrl-C, or Scrapyd's cancel: Scrapy's finish reason
``shutdown``) is judged by that, not by the monitors: with a JOBDIR it is paused (exit 4), without
one it failed (exit 1) "stopped by the operator". Stopped at once (Ctrl-C twice) it never closes
its spider: the crawl command then calls ``RunVerdict.cut_short``, which still writes its line.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone

from scrapy import signals

from vkscrawl.exit_status import EXIT_DRIFT, EXIT_FAILED, EXIT_OK, EXIT_PAUSED
from vkscrawl.items import CORE_FIELDS
from vkscrawl.ledger.runs import append_run, iso_z
from vkscrawl.parsing import LAYERS
from vkscrawl.scrapy_ext.output import config_of, output_of

logger = logging.getLogger(__name__)

EXIT_STATUS_KEY = "vkscrawl/exit_status"
REASON_KEY = "vkscrawl/reason"
FAILURE_KEY = "vkscrawl/failure"
#: Set by vkscrawl.scrapy_ext.monitors when spidermon's close monitors failed: a list of
#: "<monitor> (<why>)", one per failed monitor.
MONITORS_FAILED_KEY = "vkscrawl/monitors_failed"
#: The name of the monitor of ERROR lines (``monitors.ErrorCountMonitor``).
ERROR_MONITOR = "Error Count Monitor"
DRIFT_KEY = "vkscrawl/drift"
LAYER_PREFIX = "vkscrawl/layer/"
#: Scrapy's finish reason when a signal (Ctrl-C, SIGTERM) stopped the crawl.
SHUTDOWN = "shutdown"
STOPPED = "stopped by the operator"


def layer_counts(stats: dict) -> dict[str, dict[str, int]]:
    """field -> layer -> how many article pages that layer served (from the crawl stats)."""
    table: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        if key.startswith(LAYER_PREFIX) and key.count("/") == 3:
            field, layer = key[len(LAYER_PREFIX):].split("/")
            if field != "listing":
                table.setdefault(field, {})[layer] = value
    return table


def drift_report(stats: dict, min_share: float) -> tuple[list[str], list[str]]:
    """(report lines, drifted fields): which parser layer served each field, and where the
    portal's own selectors served less than ``min_share`` of the pages."""
    table = layer_counts(stats)
    lines, drifted = [], []
    for field in sorted(table):
        counts = table[field]
        total = sum(counts.values())
        share = counts.get("portal", 0) / total if total else 1.0
        names = [*LAYERS, *sorted(set(counts) - set(LAYERS))]
        lines.append(f"{field:<10} " + "  ".join(
            f"{layer}={counts.get(layer, 0)}" for layer in names) + f"  portal share {share:.0%}")
        if field in CORE_FIELDS and share < min_share:
            drifted.append(field)
    return lines, drifted


def run_failures(stats: dict, spider) -> list[str]:
    """Why a run counts as failed; empty when it succeeded."""
    reasons = []
    listing_pages = (stats.get("vkscrawl/listing_pages", 0)
                     + stats.get("vkscrawl/listing_pages_before_pause", 0))
    if listing_pages == 0:
        reasons.append(f"listing unreachable: {spider.start_url} "
                       f"({spider.paging_end or 'no response'})")
    elif stats.get("vkscrawl/listing_errors", 0) or getattr(spider, "listing_failed", False):
        reasons.append(f"the listing was not walked to its end ({spider.paging_end}); the next "
                       f"run walks on from there")
    failed = stats.get("vkscrawl/article_errors", 0)
    if failed:
        reasons.append(f"{failed} article fetch(es) failed; the ledger keeps them and the next "
                       f"runs retry them (vkscrawl status)")
    teasers = stats.get("vkscrawl/teasers", 0)
    requested = stats.get("vkscrawl/articles_requested", 0)
    # Written, known duplicates, and pages the server said had not changed (304) all count.
    parsed_ok = (stats.get("item_scraped_count", 0) + stats.get("vkscrawl/dedupe/duplicate", 0)
                 + stats.get("vkscrawl/articles_not_modified", 0)
                 + stats.get("vkscrawl/articles_gone", 0))
    if requested and not parsed_ok:
        reasons.append(f"no article parsed although {requested} article page(s) were requested "
                       f"({teasers} teasers)")
    monitors = stats.get(MONITORS_FAILED_KEY)
    if monitors:
        # Spidermon's suite runs at spider close before this extension (lower EXTENSIONS order).
        # The ERROR lines of failures named above need no second mention.
        failed = [m for m in monitors if not (reasons and m.startswith(ERROR_MONITOR + " ("))]
        if failed:
            reasons.append("monitors failed: " + "; ".join(failed))
    finish = stats.get("finish_reason")
    if finish not in (None, "finished", SHUTDOWN):
        reasons.append(f"crawl ended early: {finish}")
    return reasons


class RunVerdict:
    """Decides the run's exit status and reason, says them in the log's last lines, appends the
    run's line to ``runs.jsonl``, and writes the stats to ``VKSCRAWL_STATS_FILE`` when set."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        values = dict(stats.get_stats())
        values.setdefault("finish_reason", reason)
        drift = self.report_drift(values)
        jobdir = self.crawler.settings.get("JOBDIR")
        failures = run_failures(values, spider)
        if reason == SHUTDOWN and jobdir:
            status, why = EXIT_PAUSED, (f"{STOPPED}; run the same command again to resume "
                                        f"(JOBDIR={jobdir})")
            logger.info("Run PAUSED: %s", why)
        elif reason == SHUTDOWN or failures:
            if reason == SHUTDOWN:
                failures.insert(0, f"{STOPPED}; the next run goes on from where this one stopped")
            status, why = EXIT_FAILED, "; ".join(failures)
            stats.set_value(FAILURE_KEY, why)
            logger.error("Run FAILED: %s", why)
        elif drift:
            status, why = EXIT_DRIFT, drift
            logger.info("Run wrote its items, but the markup drifted")
        else:
            status, why = EXIT_OK, ""
            logger.info("Run succeeded: %d item(s) written to %s",
                        values.get("vkscrawl/items_written", 0), config_of(self.crawler).output_dir)
        self.conclude(spider, values, status, why)

    def cut_short(self) -> tuple[int, str]:
        """The verdict of a run stopped at once (Ctrl-C twice): its spider never closed. Its line
        is written all the same; what it fetched is in the feed and the ledger, and the next run
        goes on from there. Returns (exit status, reason)."""
        why = (f"{STOPPED} at once (Ctrl-C twice): the run was cut short; the next run goes on "
               f"from where it stopped")
        values = dict(self.crawler.stats.get_stats())
        self.conclude(self.crawler.spider, values, EXIT_FAILED, why)
        return EXIT_FAILED, why

    def conclude(self, spider, values: dict, status: int, why: str) -> None:
        stats = self.crawler.stats
        stats.set_value(EXIT_STATUS_KEY, status)
        stats.set_value(REASON_KEY, why)
        self.append_run_line(spider, values, status, why)

    def report_drift(self, values: dict) -> str | None:
        min_share = config_of(self.crawler).drift_min_portal_share
        lines, drifted = drift_report(values, min_share)
        if lines:
            logger.info("Drift report (which parser layer served each field):\n  %s",
                        "\n  ".join(lines))
        if not drifted:
            return None
        message = (f"the portal's own selectors served less than {min_share:.0%} of the "
                   f"pages for {', '.join(drifted)}: its markup has probably changed; the "
                   f"items were written from fallback layers, check them and update the parser")
        self.crawler.stats.set_value(DRIFT_KEY, message)
        logger.error("MARKUP DRIFT: %s", message)
        return message

    def append_run_line(self, spider, values: dict, status: int, why: str) -> None:
        folder = output_of(self.crawler)
        ledger = folder.ledger
        totals = ledger.counts()
        line = {
            "run_id": getattr(spider, "run_id", None),
            "start": iso_z(getattr(spider, "started_at", None) or values.get("start_time")),
            "end": iso_z(datetime.now(timezone.utc)),
            "exit_status": status,
            "reason": why or None,
            "start_url": getattr(spider, "start_url", None),
            "walk": {"end": getattr(spider, "paging_end", None),
                     "frontier": getattr(spider, "frontier", None)},
            "counts": {
                "listing_pages": values.get("vkscrawl/listing_pages", 0),
                "articles_fetched": values.get("vkscrawl/articles_requested", 0),
                "items_written": values.get("vkscrawl/items_written", 0),
                "failed": values.get("vkscrawl/article_errors", 0),
                "pending": totals["pending"],
                "deleted": values.get("vkscrawl/deletions_written", 0),
                # Page requisites: counted, never a reason for the run's exit status.
                "images_archived": values.get("vkscrawl/images/archived", 0),
                "images_failed": values.get("vkscrawl/images/failed", 0),
            },
            "ledger": totals,
            "images": ledger.image_counts(),
        }
        ledger.set_meta("last_run", json.dumps(line, ensure_ascii=False))
        try:
            append_run(folder.root, line)
        except OSError as error:
            logger.error("Cannot append the run's line to runs.jsonl in %s: %s", folder.root,
                         error)

    def engine_stopped(self):
        target = config_of(self.crawler).stats_file
        if target is None:
            return
        stats = dict(self.crawler.stats.get_stats())
        target.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), "utf-8")
