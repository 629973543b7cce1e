"""``scrapy crawl``, made fit for cron and Scrapyd.

Same options as Scrapy's own command, plus: the spider's arguments and the output folder are
checked before anything starts (one line naming the wrong argument, exit status 2, nothing
written), and a run that failed (see ``extensions.RunVerdict``) exits 1 with its reason as the
last line on stderr.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from vkscrawl.args import ArgumentError, CrawlArgs
from vkscrawl.scrapy_ext.extensions import DRIFT_KEY, FAILURE_KEY

#: Exit statuses: a failed run, and a run whose data was written but whose markup drifted.
EXIT_FAILED, EXIT_DRIFT, EXIT_USAGE = 1, 3, 2
from vkscrawl.ledger.output import check_writable
from vkscrawl.archive.middleware import settings_problem as snapshot_settings_problem


class Command(ScrapyCrawlCommand):
    def process_options(self, args, opts):
        super().process_options(args, opts)
        # Checked here, before Scrapy builds its crawler process and starts logging: a bad
        # argument gets exactly one line and nothing else.
        try:
            if args[:1] == ["local_news"]:
                CrawlArgs.parse(opts.spargs)
            problem = check_writable(self.settings.get("VKSCRAWL_OUTPUT_DIR", "output"))
            if problem:
                raise ArgumentError(f"VKSCRAWL_OUTPUT_DIR: {problem}; expected a writable folder")
            problem = snapshot_settings_problem(self.settings)
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
        # extensions.RunVerdict's reasons, monitors included.
        failure = crawler.stats.get_value(FAILURE_KEY)
        drift = crawler.stats.get_value(DRIFT_KEY)
        if failure:
            print(f"vkscrawl: crawl failed: {failure}", file=sys.stderr)
            self.exitcode = EXIT_FAILED
        elif drift:
            print(f"vkscrawl: markup drift: {drift}", file=sys.stderr)
            self.exitcode = EXIT_DRIFT
