"""Scrapy's log formatter, but a dropped item is named by its reason (which names its article
number), not dumped whole into the log."""

from __future__ import annotations

from scrapy.logformatter import LogFormatter


class ItemByReasonLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Dropped: %(exception)s"
        entry["args"] = {"exception": exception}
        return entry
