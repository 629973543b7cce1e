"""The output folder's run log and its lock.

``runs.jsonl``: one line per run (its id, start, end, exit status, reason, counts), appended when
the run ends, or when it is refused at start: what a Scrapyd user, who sees no exit status, reads.

``crawl.lock``: one crawl at a time per output folder. A crawl holds an advisory ``flock`` on it
while it runs; the operating system releases it when the process ends, however it ends (kill -9
included), so a lock is never left behind. The file keeps the holder's pid for the message a
second crawl gets.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import datetime, timezone
from pathlib import Path

try:  # POSIX advisory locks; without them (Windows) folders are not locked.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

RUNS_FILE = "runs.jsonl"
LOCK_FILE = "crawl.lock"


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


def iso_z(moment: datetime | None) -> str | None:
    if not isinstance(moment, datetime):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def append_run(root: str | Path, line: dict) -> None:
    """Append one run's line with a single write (raises OSError)."""
    data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
    fd = os.open(Path(root) / RUNS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def refused_run(run_id: str, started: datetime, status: int, reason: str,
                start_url: str | None) -> dict:
    """The line of a run refused at start: nothing was fetched, the ledger was not opened."""
    return {"run_id": run_id, "start": iso_z(started), "end": iso_z(datetime.now(timezone.utc)),
            "exit_status": status, "reason": reason, "start_url": start_url,
            "walk": {"end": None, "frontier": None},
            "counts": {"listing_pages": 0, "articles_fetched": 0, "items_written": 0,
                       "failed": 0, "pending": None, "deleted": 0, "images_archived": 0,
                       "images_failed": 0}}


#: Locks this process holds: path -> open file (closing it would release the lock).
_held: dict[str, object] = {}


def lock_folder(root: str | Path) -> int | None:
    """Take the output folder's lock for this process (creating the folder if needed). Returns
    None once held (also when this process held it already), else the pid of the process that
    holds it (0 when unknown)."""
    root = Path(root)
    key = str(root.resolve())
    if key in _held or fcntl is None:
        return None
    root.mkdir(parents=True, exist_ok=True)
    handle = open(root / LOCK_FILE, "a+")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.seek(0)
        text = handle.read().strip()
        handle.close()
        return int(text) if text.isdigit() else 0
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    _held[key] = handle
    return None
