"""A JOBDIR left by a killed run is not resumed from.

Scrapy keeps a paused crawl's queue in ``JOBDIR/requests.queue``; its disk queues write their
headers only when they are closed, so after ``kill -9`` (or a power cut) the files can be empty or
wrong, and every later run would crash in the scheduler ("unpack requires a buffer of 4 bytes") or
silently miss what they held. Nothing needs them: the ledger re-queues every pending or failed
article, and a walk that never finished is walked again from the top. So a run marks the JOBDIR
while it runs (``vkscrawl-run.pid``) and unmarks it when it closes, paused or finished; a run that
finds the mark of a process that is gone discards the queue, the fingerprints and the spider state
that run left, with a WARNING, before Scrapy's scheduler opens them.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.job import job_dir

logger = logging.getLogger(__name__)

MARK = "vkscrawl-run.pid"
#: What Scrapy keeps in a JOBDIR: the request queue, the seen fingerprints, the spider state.
SCRAPY_FILES = ("requests.queue", "requests.seen", "spider.state")


def process_start(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks after boot, field 22 of ``/proc/PID/stat``), or
    None where there is no ``/proc``: with the pid, it names one process, not one number that
    the system hands out again (after a reboot the pid in a mark may be some other live
    process, which must not make every later run refuse the JOBDIR)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # after the command name, which may hold spaces
    return fields[19] if len(fields) > 19 else None


def mark_text(pid: int) -> str:
    """What a run writes in its mark: its pid, and its start time where the system tells it."""
    start = process_start(pid)
    return f"{pid} {start}\n" if start else f"{pid}\n"


def running_pid(jobdir: str | Path) -> int | None:
    """The process that marked ``jobdir`` as running and still lives, or None."""
    try:
        fields = (Path(jobdir) / MARK).read_text().split()
        pid = int(fields[0])
    except (OSError, ValueError, IndexError):
        return None
    if pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, another user's
        pass
    if len(fields) > 1:
        start = process_start(pid)
        if start is not None and start != fields[1]:
            return None  # the pid lives on in another process: the marking run is gone
    return pid


class JobdirGuard:
    def __init__(self, jobdir: Path):
        self.jobdir = jobdir
        self.mark = jobdir / MARK

    @classmethod
    def from_crawler(cls, crawler):
        jobdir = job_dir(crawler.settings)
        if not jobdir:
            raise NotConfigured  # nothing to guard; without a message Scrapy logs nothing
        guard = cls(Path(jobdir))
        guard.claim()
        crawler.signals.connect(guard.release, signal=signals.engine_stopped)
        return guard

    def claim(self) -> None:
        if self.mark.exists() and running_pid(self.jobdir) is None:
            dropped = [name for name in SCRAPY_FILES if (self.jobdir / name).exists()]
            for name in dropped:
                path = self.jobdir / name
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            logger.warning("JOBDIR %s was left by a run that was killed: its queue cannot be "
                           "trusted, so it is discarded (%s); the ledger re-queues every article "
                           "still owed, and the listing is walked again", self.jobdir,
                           ", ".join(dropped) or "nothing to discard")
        self.jobdir.mkdir(parents=True, exist_ok=True)
        self.mark.write_text(mark_text(os.getpid()))

    def release(self) -> None:
        self.mark.unlink(missing_ok=True)
