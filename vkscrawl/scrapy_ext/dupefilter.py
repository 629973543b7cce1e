"""Scrapy's duplicate filter, remembered for one run only.

With ``JOBDIR``, Scrapy keeps the fingerprints of every request in ``JOBDIR/requests.seen`` so a
paused crawl resumes without fetching pages twice. A run that finished is not resumed: its
fingerprints would make the next run drop its re-checks (a reused JOBDIR once filtered every
article request and the run failed with nothing parsed). So they are forgotten when a run finishes,
and kept when it is paused (Ctrl-C) or killed.
"""

from __future__ import annotations

from scrapy.dupefilters import RFPDupeFilter


class RunScopedDupeFilter(RFPDupeFilter):
    def close(self, reason: str) -> None:
        seen = self.file.name if self.file else None
        super().close(reason)
        if seen and reason == "finished":
            with open(seen, "wb"):  # truncated: the next run starts with no memory
                pass
            self._fingerprints.clear()
