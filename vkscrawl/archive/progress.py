"""Progress of the long archive commands (``reparse``, ``wacz``) on stderr: how far, how fast, and
what is left.

A line at most every ``PROGRESS_SECONDS`` (a command that ends sooner prints none before its
summary). ``VKSCRAWL_PROGRESS_EVERY=N`` in the environment prints a line every N records (or
pages) instead, whatever the time: at fixed points, for a log that must not depend on the
machine's speed.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable

PROGRESS_SECONDS = 3.0
EVERY_VARIABLE = "VKSCRAWL_PROGRESS_EVERY"


class ProgressSettingError(ValueError):
    pass


def every_from_environment() -> int | None:
    """The ``VKSCRAWL_PROGRESS_EVERY`` count, or None when it is not set."""
    value = os.environ.get(EVERY_VARIABLE, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise ProgressSettingError(
            f"{EVERY_VARIABLE}={value!r}: expected a whole number of at least 1 (a progress line "
            f"every N records), or nothing (a line every few seconds)")
    return int(value)


def megabytes(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


class Progress:
    """Counts ``unit`` (``records``, ``pages``) as they are done and prints a line now and then.

    ``total_bytes``: the work measured in bytes read (what is left is said in bytes); else
    ``total_units``: what is left is said in units."""

    def __init__(self, prefix: str, unit: str, *, total_bytes: int | None = None,
                 total_units: int | None = None, every: int | None = None,
                 enabled: bool = True, clock: Callable[[], float] = time.monotonic):
        self.prefix = prefix
        self.unit = unit
        self.total_bytes = total_bytes
        self.total_units = total_units
        self.every = every
        self.enabled = enabled
        self.clock = clock
        self.started = self.last = clock()

    def step(self, done: int, done_bytes: int | None = None,
             describe: Callable[[], str] = lambda: "") -> None:
        """``done`` units so far (and ``done_bytes`` of ``total_bytes``); ``describe`` says what
        was done, only called when a line is printed."""
        if not self.enabled:
            return
        if self.every is not None:
            if done % self.every:
                return
            now = self.clock()
        else:
            now = self.clock()
            if now - self.last < PROGRESS_SECONDS:
                return
        self.last = now
        what = describe() or f"{done} {self.unit}"
        print(f"{self.prefix}: {what}; {self.rate(done, now)}, {self.left(done, done_bytes)}",
              file=sys.stderr, flush=True)

    def rate(self, done: int, now: float | None = None) -> str:
        elapsed = max((self.clock() if now is None else now) - self.started, 1e-6)
        return f"{done / elapsed:.0f} {self.unit}/s"

    def left(self, done: int, done_bytes: int | None) -> str:
        if self.total_bytes is not None and done_bytes is not None:
            return (f"{megabytes(max(self.total_bytes - done_bytes, 0))} of "
                    f"{megabytes(self.total_bytes)} left")
        if self.total_units is not None:
            return f"{max(self.total_units - done, 0)} of {self.total_units} {self.unit} left"
        return "nothing known left"

    def summary(self, done: int) -> str:
        """`` in 4.2 s (812 records/s)``, for a command's last line."""
        now = self.clock()
        return f" in {now - self.started:.1f} s ({self.rate(done, now)})"
