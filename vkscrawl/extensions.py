"""Cross-cutting extensions: the run's verdict (did it fail, and why) and the drift report."""

from __future__ import annotations

import logging

from scrapy import signals

from vkscrawl.parsing import LAYERS

logger = logging.getLogger(__name__)

FAILURE_KEY = "vkscrawl/failure"
#: Set by vkscrawl.monitors when spidermon's close monitors failed.
MONITORS_FAILED_KEY = "vkscrawl/monitors_failed"
DRIFT_KEY = "vkscrawl/drift"
LAYER_PREFIX = "vkscrawl/layer/"
#: Fields whose portal-selector share decides whether the markup drifted.
DRIFT_FIELDS = ("title", "published", "body")


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
        lines.append(f"{field:<10} " + "  ".join(
            f"{layer}={counts.get(layer, 0)}" for layer in LAYERS) + f"  portal share {share:.0%}")
        if field in DRIFT_FIELDS and share < min_share:
            drifted.append(field)
    return lines, drifted


def run_failures(stats: dict, spider) -> list[str]:
    """Why a finished run counts as failed; empty when it succeeded."""
    reasons = []
    listing_pages = stats.get("vkscrawl/listing_pages", 0)
    if listing_pages == 0:
        reasons.append(f"listing unreachable: {spider.start_url} ({spider.paging_end or 'no response'})")
    elif stats.get("vkscrawl/listing_errors", 0):
        reasons.append(f"listing page failed part-way ({spider.paging_end}): the listing was not "
                       f"walked to its end; the next run walks on from the top")
    teasers = stats.get("vkscrawl/teasers", 0)
    requested = stats.get("vkscrawl/articles_requested", 0)
    # Written, known duplicates, and pages the server said had not changed (304) all count.
    parsed_ok = (stats.get("item_scraped_count", 0) + stats.get("vkscrawl/dedupe/duplicate", 0)
                 + stats.get("vkscrawl/articles_not_modified", 0))
    if requested and not parsed_ok:
        reasons.append(f"no article parsed although the listing had {teasers} teasers "
                       f"({requested} article pages requested)")
    monitors = stats.get(MONITORS_FAILED_KEY)
    if monitors:
        # Spidermon's suite runs at spider close before this extension (lower EXTENSIONS order).
        reasons.append(monitors)
    finish = stats.get("finish_reason")
    if finish not in (None, "finished"):
        reasons.append(f"crawl ended early: {finish}")
    return reasons


class RunVerdict:
    """Records in the stats, and says in the log's last lines, why a run failed.

    ``scrapy crawl`` exits 0 whatever happened; the project's ``crawl`` command turns
    ``vkscrawl/failure`` into a non-zero exit status.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        values = dict(stats.get_stats())
        values.setdefault("finish_reason", reason)
        reasons = run_failures(values, spider)
        self.report_drift(values)
        if reasons:
            stats.set_value(FAILURE_KEY, "; ".join(reasons))
            logger.error("Run FAILED: %s", "; ".join(reasons))
        else:
            logger.info("Run succeeded: %d item(s) written to %s",
                        values.get("vkscrawl/items_written", 0),
                        self.crawler.settings.get("VKSCRAWL_OUTPUT_DIR"))

    def report_drift(self, values: dict) -> None:
        min_share = self.crawler.settings.getfloat("VKSCRAWL_DRIFT_MIN_PORTAL_SHARE", 0.5)
        lines, drifted = drift_report(values, min_share)
        if lines:
            logger.info("Drift report (which parser layer served each field):\n  %s",
                        "\n  ".join(lines))
        if drifted:
            message = (f"the portal's own selectors served less than {min_share:.0%} of the "
                       f"pages for {', '.join(drifted)}: its markup has probably changed; the "
                       f"items were written from fallback layers, check them and update the parser")
            self.crawler.stats.set_value(DRIFT_KEY, message)
            logger.error("MARKUP DRIFT: %s", message)
