"""``scrapy crawl``, made fit for cron and Scrapyd.

Same options as Scrapy's own command, plus: the spider's arguments, the settings and the output
folder's files are checked before anything starts (one line naming what is wrong, exit status 2,
nothing written), and the run's exit status is its verdict (``extensions.RunVerdict``): 0 success,
1 failed, 3 written but the markup drifted, 4 paused (Ctrl-C with JOBDIR), with the reason as the
last line on stderr.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from vkscrawl.archive.middleware import settings_problem as snapshot_settings_problem
from vkscrawl.args import ArgumentError, CrawlArgs
from vkscrawl.exit_status import EXIT_DRIFT, EXIT_FAILED, EXIT_OK, EXIT_PAUSED, EXIT_USAGE
from vkscrawl.scrapy_ext.commands.checks import output_problem, settings_problem
from vkscrawl.scrapy_ext.extensions import EXIT_STATUS_KEY, REASON_KEY

#: How the last stderr line starts, by exit status.
SAYS = {EXIT_FAILED: "crawl failed", EXIT_DRIFT: "markup drift", EXIT_PAUSED: "crawl paused"}


class Command(ScrapyCrawlCommand):
    def process_options(self, args, opts):
        super().process_options(args, opts)
        # Checked here, before Scrapy builds its crawler process and starts logging: a problem
        # gets exactly one line and nothing else.
        try:
            if args[:1] == ["local_news"]:
                CrawlArgs.parse(opts.spargs)
            problem = (settings_problem(self.settings)
                       or snapshot_settings_problem(self.settings)
                       or output_problem(self.settings.get("VKSCRAWL_OUTPUT_DIR", "output")))
            if problem:
                raise ArgumentError(problem)
        except ArgumentError as error:
            print(f"vkscrawl: error: {error}", file=sys.stderr)
            sys.exit(EXIT_USAGE)

    def run(self, args, opts):
        if len(args) != 1:
            return super().run(args, opts)
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            return
        status = crawler.stats.get_value(EXIT_STATUS_KEY)
        if status is None:  # the spider never closed normally
            status = EXIT_FAILED
        self.exitcode = status
        if status != EXIT_OK:
            reason = crawler.stats.get_value(REASON_KEY) or "see the log"
            print(f"vkscrawl: {SAYS.get(status, 'crawl failed')}: {reason}", file=sys.stderr)
