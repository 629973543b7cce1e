"""Run-end monitors (spidermon): is what this run did good enough, judged by thresholds in settings.

``RunVerdict`` (``extensions.py``) decides the hard failures (listing unreachable, no article parsed
although the listing had teasers, crawl ended early). The suite here adds the quality checks that
need a threshold, all read from settings so that ``-s NAME=VALUE`` changes them for one run:

==============================  ================================================================
monitor                         fails when
==============================  ================================================================
Extracted Items Monitor         fewer than ``SPIDERMON_MIN_ITEMS`` items were written
Item Validation Monitor         more than ``SPIDERMON_MAX_ITEM_VALIDATION_ERRORS`` schema errors in
                                the items the parser produced (``item.schema.json``)
Error Count Monitor             more than ``SPIDERMON_MAX_ERRORS`` ERROR lines in the log
Finish Reason Monitor           the crawl did not end with one of
                                ``SPIDERMON_EXPECTED_FINISH_REASONS`` (a run stopped by the
                                operator is judged by the run's verdict: paused or stopped)
Unwanted HTTP codes monitor     more responses with a status of ``SPIDERMON_UNWANTED_HTTP_CODES``
                                than allowed for that status
Field Coverage Monitor          a field of ``SPIDERMON_FIELD_COVERAGE_RULES`` is filled in fewer
                                written items than its rule says (only judged from
                                ``SPIDERMON_FIELD_COVERAGE_MIN_ITEMS`` written items on)
Listing Teasers Monitor         the listing was read but held fewer than ``VKSCRAWL_MIN_TEASERS``
                                teasers (the listing's markup, or the start URL, is wrong)
==============================  ================================================================

``SPIDERMON_MIN_ITEMS``, ``SPIDERMON_FIELD_COVERAGE_MIN_ITEMS`` and ``VKSCRAWL_MIN_TEASERS`` are
read by our own monitors from the crawl's ``Config`` (their defaults are in ``vkscrawl.config``);
the others are Spidermon's own settings (``settings.py``).

When a monitor fails, ``RecordMonitorFailures`` puts each failed monitor and why in the stat
``vkscrawl/monitors_failed``; the run's verdict names them (the Error Count Monitor only when no
other failure explains the ERROR lines) and the ``crawl`` command exits non-zero.

Each item is validated once, by our ``ValidatePipeline``: it drops an invalid item and counts its
schema errors per field under spidermon's own stats (``spidermon/validation/fields/errors...``),
which the Item Validation Monitor reads.
"""

from __future__ import annotations

import logging
import re
import warnings

from spidermon import MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import FieldCoverageMonitor as SpidermonFieldCoverage
from spidermon.contrib.scrapy.monitors import FinishReasonMonitor as SpidermonFinishReason
from spidermon.contrib.scrapy.monitors import UnwantedHTTPCodesMonitor
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor, BaseStatMonitor
from spidermon.core.actions import Action

# The stat the run's verdict reads; the finish reason of a run stopped by the operator.
from vkscrawl.scrapy_ext.extensions import MONITORS_FAILED_KEY, SHUTDOWN
from vkscrawl.scrapy_ext.output import config_of

logger = logging.getLogger(__name__)

# Spidermon writes its report with Spider.log(), which Scrapy deprecates: one warning per run that
# says nothing about the run. Silence exactly that one.
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated",
                        module=r"spidermon\.")

@monitors.name("Extracted Items Monitor")
class MinimumItemsMonitor(BaseScrapyMonitor):
    """At least SPIDERMON_MIN_ITEMS items written by this run.

    Unlike spidermon's ``ItemCountMonitor``, a run that wrote nothing counts as 0 items (Scrapy
    keeps no ``item_scraped_count`` then) instead of failing for a missing stat: an incremental
    run with nothing new writes nothing, and that is a success.
    """

    @monitors.name("Should write the minimum number of items")
    def test_minimum_items(self):
        threshold = config_of(self.crawler).min_items
        written = int(self.stats.get("item_scraped_count", 0))
        self.assertGreaterEqual(
            written, threshold,
            msg=f"{written} item(s) written, SPIDERMON_MIN_ITEMS={threshold}")


class AtMostMonitor(BaseStatMonitor):
    """A stat at most its threshold setting; a stat Scrapy never set counts as 0 (passes)."""

    assert_type = "<="
    what = ""

    def test_stat_monitor(self):
        threshold = self._get_threshold_value()
        value = self.stats.get(self.stat_name, 0)
        self.assertLessEqual(value, threshold,
                             msg=f"{value:g} {self.what}, {self.threshold_setting}={threshold:g}")


@monitors.name("Error Count Monitor")
class ErrorCountMonitor(AtMostMonitor):
    """At most SPIDERMON_MAX_ERRORS ERROR lines in the log."""

    stat_name = "log_count/ERROR"
    threshold_setting = "SPIDERMON_MAX_ERRORS"
    what = "ERROR line(s) in the log"


@monitors.name("Item Validation Monitor")
class ItemValidationMonitor(AtMostMonitor):
    """At most SPIDERMON_MAX_ITEM_VALIDATION_ERRORS schema errors in the items the parser made.

    Counted per field by our validate stage (``spidermon/validation/fields/errors/*`` stats name
    the fields and the errors).
    """

    stat_name = "spidermon/validation/fields/errors"
    threshold_setting = "SPIDERMON_MAX_ITEM_VALIDATION_ERRORS"
    what = "item schema error(s) (see the spidermon/validation/fields/errors/* stats)"


@monitors.name("Listing Teasers Monitor")
class ListingTeasersMonitor(BaseScrapyMonitor):
    """The listing pages read held at least VKSCRAWL_MIN_TEASERS teasers.

    A category listing that answers but yields no teaser means its markup changed (or the start
    URL is not the listing): the run would otherwise "succeed" with nothing to do, forever.
    An unreachable listing is ``RunVerdict``'s failure, not this monitor's.
    """

    @monitors.name("Should find teasers on the listing")
    def test_listing_has_teasers(self):
        pages = int(self.stats.get("vkscrawl/listing_pages", 0))
        if not pages:
            self.skipTest("no listing page was read")
        threshold = config_of(self.crawler).min_teasers
        teasers = int(self.stats.get("vkscrawl/teasers", 0))
        self.assertGreaterEqual(
            teasers, threshold,
            msg=f"{teasers} teaser(s) on {pages} listing page(s), VKSCRAWL_MIN_TEASERS={threshold}")


class RecordMonitorFailures(Action):
    """Puts one line naming the failed monitors, and why, where the ``crawl`` command finds it."""

    def run_action(self):
        reasons = [f"{result.item.monitor_name} ({failure_message(result.error)})"
                   for result in self.result.monitors_failed_results]
        stats = self.data.crawler.stats
        stats.set_value(MONITORS_FAILED_KEY, [*(stats.get_value(MONITORS_FAILED_KEY) or ()),
                                              *reasons])
        logger.error("Monitors FAILED: %s", "; ".join(reasons))


def failure_message(error: str | None) -> str:
    """The assertion's message from a unittest traceback, on one line."""
    if not error:
        return "no message"
    text = error.strip()
    match = None
    for match in re.finditer(r"^(?:\w+\.)*\w*(?:Error|Exception|Failure)\b:? ?", text, re.M):
        pass
    if match is not None:
        text = text[match.end():]
    return re.sub(r"\s+", " ", text).strip() or "no message"


@monitors.name("Field Coverage Monitor")
class FieldCoverageMonitor(SpidermonFieldCoverage):
    """Field coverage, judged only from SPIDERMON_FIELD_COVERAGE_MIN_ITEMS written items on.

    An incremental run writes a handful of items; one article without a summary among two would
    read as 50% coverage. Below the minimum the monitor is skipped, not passed silently: the
    report says so.
    """

    def test_check_if_field_coverage_rules_are_met(self):
        minimum = config_of(self.crawler).coverage_min_items
        written = int(self.data.stats.get("item_scraped_count", 0))
        if written < max(minimum, 1):
            self.skipTest(f"{written} item(s) written, coverage is judged from {max(minimum, 1)}")
        super().test_check_if_field_coverage_rules_are_met()


@monitors.name("Finish Reason Monitor")
class FinishReasonMonitor(SpidermonFinishReason):
    """The crawl ended with one of SPIDERMON_EXPECTED_FINISH_REASONS, or was stopped by the
    operator (Ctrl-C, Scrapyd's cancel), which the run's verdict reports as such: paused with a
    JOBDIR, "stopped by the operator" without."""

    @monitors.name("Should have the expected finished reason(s)")
    def test_should_finish_with_expected_reason(self):
        if self.data.stats.get("finish_reason") == SHUTDOWN:
            self.skipTest("stopped by the operator: the run's verdict says so")
        super().test_should_finish_with_expected_reason()


class CloseMonitorSuite(MonitorSuite):
    """What vkscrawl checks when the spider closes (``SPIDERMON_SPIDER_CLOSE_MONITORS``)."""

    monitors = [
        MinimumItemsMonitor,
        ItemValidationMonitor,
        ErrorCountMonitor,
        FinishReasonMonitor,
        UnwantedHTTPCodesMonitor,
        FieldCoverageMonitor,
        ListingTeasersMonitor,
    ]
    monitors_failed_actions = [RecordMonitorFailures]
