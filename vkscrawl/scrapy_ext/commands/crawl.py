"""``scrapy crawl``, made fit for cron and Scrapyd.

Same options as Scrapy's own command, plus: the spider's arguments, the settings and the output
folder's files are checked before anything starts (one line naming what is wrong, exit status 2,
nothing written but the refused run's line in ``runs.jsonl`` when the output folder is usable);
the output folder is locked, so a second crawl on it at the same time is refused the same way;
and the run's exit status is its verdict (``extensions.RunVerdict``): 0 success, 1 failed, 3
written but the markup drifted, 4 paused (Ctrl-C with JOBDIR), with the reason as the last line
on stderr.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from vkscrawl.args import ArgumentError, CrawlArgs
from vkscrawl.config import DEFAULTS, Config
from vkscrawl.exit_status import EXIT_DRIFT, EXIT_FAILED, EXIT_OK, EXIT_PAUSED, EXIT_USAGE
from vkscrawl.ledger.runs import append_run, lock_folder, new_run_id, refused_run
from vkscrawl.scrapy_ext.commands.checks import log_level, output_problem, settings_problem
from vkscrawl.scrapy_ext.extensions import EXIT_STATUS_KEY, REASON_KEY, RunVerdict

#: How the last stderr line starts, by exit status.
SAYS = {EXIT_FAILED: "crawl failed", EXIT_DRIFT: "markup drift", EXIT_PAUSED: "crawl paused"}


class Command(ScrapyCrawlCommand):
    def process_options(self, args, opts):
        super().process_options(args, opts)
        # Checked here, before Scrapy builds its crawler process and starts logging: a problem
        # gets exactly one line and nothing else.
        started = datetime.now(timezone.utc)
        try:
            if args[:1] == ["local_news"]:
                CrawlArgs.parse(opts.spargs)
            problem = settings_problem(self.settings)
            if problem:
                raise ArgumentError(problem)
            self.settings.set("LOG_LEVEL", log_level(self.settings.get("LOG_LEVEL")),
                              priority=self.settings.getpriority("LOG_LEVEL"))
            config = Config.from_settings(self.settings)
            problem = output_problem(config.output_dir)
            if problem:
                raise ArgumentError(problem)
            holder = lock_folder(config.output_dir)
            if holder is not None:
                raise ArgumentError(
                    f"VKSCRAWL_OUTPUT_DIR {str(config.output_dir)!r} is in use by a running crawl"
                    f"{f' (pid {holder})' if holder else ''}; wait for it to end, or give this "
                    f"run an output folder of its own")
        except ArgumentError as error:
            self.record_refusal(opts.spargs, started, str(error))
            print(f"vkscrawl: error: {error}", file=sys.stderr)
            sys.exit(EXIT_USAGE)

    def record_refusal(self, spargs: dict, started: datetime, reason: str) -> None:
        """A refused run's line in ``runs.jsonl`` (what a Scrapyd user reads), when the output
        folder exists and is writable; nothing else is written, nothing is created."""
        raw = self.settings.get("VKSCRAWL_OUTPUT_DIR")
        if raw is not None and not str(raw).strip():
            return
        folder = Path(str(raw)) if raw is not None else DEFAULTS.output_dir
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            return
        try:
            append_run(folder, refused_run(spargs.get("_job") or new_run_id(), started,
                                           EXIT_USAGE, reason, spargs.get("start_url")))
        except OSError:
            pass  # the one line on stderr says it all

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
        reason = crawler.stats.get_value(REASON_KEY)
        if status is None:  # stopped at once (Ctrl-C twice): the spider never closed
            try:
                verdict = crawler.get_extension(RunVerdict)
            except RuntimeError:  # it never got as far as building its extensions
                verdict = None
            status, reason = verdict.cut_short() if verdict else (EXIT_FAILED, None)
        self.exitcode = status
        if status != EXIT_OK:
            print(f"vkscrawl: {SAYS.get(status, 'crawl failed')}: {reason or 'see the log'}",
                  file=sys.stderr)
